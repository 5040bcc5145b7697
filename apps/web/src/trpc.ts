import type { AppRouter } from "@exodus/server";
import { MAX_BATCH_CALLS } from "@exodus/shared";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

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
