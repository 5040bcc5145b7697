import type { AppRouter } from "@exodus/server";
import { MAX_BATCH_CALLS } from "@exodus/shared";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { createTRPCContext, createTRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Me = inferRouterOutputs<AppRouter>["member"]["me"];

declare global {
  interface Window {
    /** member.me asked for by index.html's first script, before the app's code had loaded. */
    __exodusEarlyMe?: { initDataRaw: string; body: Promise<unknown> };
  }
}

/**
 * The answer to index.html's early member.me, once, if it was asked with this initData; a refusal
 * or no answer is asked again through the client, so its error is the client's usual one.
 */
function earlyMe(initDataRaw: string, client: ReturnType<typeof createClient>) {
  const early = window.__exodusEarlyMe;
  window.__exodusEarlyMe = undefined;
  if (early?.initDataRaw !== initDataRaw) return undefined;
  return async (): Promise<Me> => {
    const body = (await early.body) as { result?: { data?: Me } } | null;
    return body?.result?.data ?? client.member.me.query();
  };
}

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
 * needs first — is asked for at once, while translations load and React starts, rather than after;
 * opened by Telegram, index.html asked already, before the app's code loaded, and that answer is used.
 */
export function createApi(initDataRaw: string) {
  const client = createClient(initDataRaw);
  const queryClient = createQueryClient();
  const options = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  const early = earlyMe(initDataRaw, client);
  void queryClient.prefetchQuery({
    ...options.member.me.queryOptions(),
    ...(early && { queryFn: early }),
  });
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
