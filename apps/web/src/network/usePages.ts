import { type QueryKey, type UseQueryOptions, useQueries } from "@tanstack/react-query";
import { useState } from "react";

export const PAGE_SIZE = 20;

/** What a paged list shows. */
export interface Pages<TItem> {
  items: TItem[];
  /** The first page is loading: show skeletons. */
  loading: boolean;
  /** A further page is loading. */
  loadingMore: boolean;
  error: unknown;
  retry: () => void;
  hasMore: boolean;
  loadMore: () => void;
}

/**
 * "Show more" over an offset-paged query: one cached query per page, so invalidating the procedure
 * refreshes every page shown. Starts again at one page when `key` (the list shown) changes.
 */
export function usePages<TItem, TError, TKey extends QueryKey>(
  key: string,
  optionsFor: (page: {
    limit: number;
    offset: number;
  }) => UseQueryOptions<TItem[], TError, TItem[], TKey>,
  idOf: (item: TItem) => number | string = (item) => (item as { id: number }).id,
): Pages<TItem> {
  const [shown, setShown] = useState({ key, pages: 1 });
  const pages = shown.key === key ? shown.pages : 1;
  const results = useQueries({
    queries: Array.from({ length: pages }, (_, i) =>
      optionsFor({ limit: PAGE_SIZE, offset: i * PAGE_SIZE }),
    ),
  });
  const seen = new Set<number | string>();
  const items: TItem[] = [];
  // Offsets shift when the list changes between pages: a member is shown once all the same.
  for (const result of results) {
    for (const item of result.data ?? []) {
      if (!seen.has(idOf(item))) {
        seen.add(idOf(item));
        items.push(item);
      }
    }
  }
  const last = results[results.length - 1];
  const first = results[0];
  return {
    items,
    loading: !!first?.isPending,
    loadingMore: pages > 1 && !!last?.isPending,
    error: results.find((r) => r.isError)?.error,
    retry: () => {
      for (const r of results) if (r.isError) r.refetch();
    },
    hasMore: (last?.data?.length ?? 0) === PAGE_SIZE,
    loadMore: () => setShown({ key, pages: pages + 1 }),
  };
}
