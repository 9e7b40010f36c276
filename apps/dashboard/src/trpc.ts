/**
 * The tRPC client for the dashboard. Same origin: the session cookie goes with
 * every request and nothing else is needed. Only types come from @caseload/api.
 */
import { hashKey, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@caseload/api';

export type { AppRouter, RouterInputs, RouterOutputs } from '@caseload/api';

/** The error codes tRPC puts on a failed call (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST, …). */
export function errorCode(error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    if (data && typeof data === 'object' && 'code' in data && typeof data.code === 'string') {
      return data.code;
    }
  }
  return null;
}

export function isUnauthorized(error: unknown): boolean {
  return errorCode(error) === 'UNAUTHORIZED';
}

/** Words a person can act on for any failed call. */
export function errorMessage(error: unknown): string {
  switch (errorCode(error)) {
    case 'FORBIDDEN':
      // the server says why (for example "Your account has no teams assigned. Ask an administrator to add them.")
      return error instanceof Error && error.message ? error.message : 'Your role does not give access to this information.';
    case 'UNAUTHORIZED':
      return 'Your session has ended. Please sign in again.';
    case 'TOO_MANY_REQUESTS':
      return 'Too many requests. Wait a moment and try again.';
    case 'BAD_REQUEST':
    case 'NOT_FOUND':
      return error instanceof Error && error.message ? error.message : 'The request was not valid.';
    case null:
      if (error instanceof TRPCClientError && !error.data) {
        return 'Could not reach the server. Check your connection and try again.';
      }
      return 'Something went wrong. Try again; if it keeps happening, tell your administrator.';
    default:
      return 'The server could not answer. Try again; if it keeps happening, tell your administrator.';
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that ends mid-use (idle or absolute expiry) sends everyone back to
    // the sign-in page, keeping the address so they return to the same view.
    onError: (error, query) => {
      if (isUnauthorized(error) && query.queryHash !== hashKey(meQueryKey())) {
        void queryClient.invalidateQueries({ queryKey: meQueryKey() });
      }
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      retry: (failureCount, error) => {
        const code = errorCode(error);
        if (code !== null && code !== 'INTERNAL_SERVER_ERROR') return false;
        return failureCount < 2;
      },
    },
  },
});

/**
 * The page frame's own reads: who is signed in, the unread count, the data's freshness and
 * the names of teams and programs. They are batched apart from the page's reports, so the
 * header and the filters are drawn at once even while a report is being computed (the
 * first view after an import), instead of waiting in the same request as the report.
 */
const FRAME_READS = new Set(['auth.me', 'notifications.unreadCount', 'imports.freshness', 'meta.directory']);

const batchLink = () =>
  httpBatchLink({
    url: '/trpc',
    fetch: (url, options) => fetch(url, { ...options, credentials: 'same-origin' }),
  });

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'query' && FRAME_READS.has(op.path),
      true: batchLink(),
      false: batchLink(),
    }),
  ],
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

function meQueryKey() {
  return trpc.auth.me.queryKey();
}
