import type { AppRouter } from "@exodus/server";
import { MAX_BATCH_CALLS } from "@exodus/shared";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext, createTRPCOptionsProxy } from "@trpc/tanstack-react-query";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** The API client: every request carries Telegram's signed initData. */
export function createClient(initDataRaw: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        // The server refuses larger batches; a screen asking more at once sends two requests.
        maxItems: MAX_BATCH_CALLS,
        headers: () => ({ authorization: `tma ${initDataRaw}` }),
      }),
    ],
  });
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A refused sign-in or bad input will not change by asking again; a busy server will.
        retry: (count, error) =>
          (!(error instanceof TRPCClientError && error.data?.httpStatus < 500) ||
            error.message === "errors.busy") &&
          count < 2,
      },
    },
  });
}

/**
 * The API client and the query cache of one opening of the app. The member — what every screen
 * needs first — is asked for at once, while translations load and React starts, rather than after.
 */
export function createApi(initDataRaw: string) {
  const client = createClient(initDataRaw);
  const queryClient = createQueryClient();
  const options = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  void queryClient.prefetchQuery(options.member.me.queryOptions());
  return { client, queryClient };
}

export type Api = ReturnType<typeof createApi>;

/** The translation key for an API error: the server sends keys, never prose. */
export function errorKey(error: unknown): string {
  if (error instanceof TRPCClientError) {
    // No answer at all (no data): the network or the server is down, not the request.
    if (!error.data) return "app.offline";
    const message: string = error.message;
    return message.startsWith("errors.") ? message : "errors.unknown";
  }
  return "errors.unknown";
}
