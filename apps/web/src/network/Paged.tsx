import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { QueryError } from "../components/QueryError.tsx";
import { Button } from "../ui/index.ts";
import { MemberRowsSkeleton } from "./MemberRow.tsx";
import type { Pages } from "./usePages.ts";

/** A paged list: skeletons, a translated error with retry, its empty state, "Show more". */
export function Paged<T>({
  pages,
  empty,
  render,
}: {
  pages: Pages<T>;
  empty: ReactNode;
  render: (items: T[]) => ReactNode;
}) {
  const { t } = useTranslation();
  if (pages.loading) return <MemberRowsSkeleton rows={2} />;
  if (pages.error && pages.items.length === 0) {
    return <QueryError error={pages.error} onRetry={pages.retry} secondary />;
  }
  if (pages.items.length === 0) return <>{empty}</>;
  return (
    <>
      {render(pages.items)}
      {pages.loadingMore && <MemberRowsSkeleton rows={1} />}
      {pages.hasMore && !pages.loadingMore && (
        <Button mode="plain" stretched onClick={pages.loadMore}>
          {t("network.loadMore")}
        </Button>
      )}
    </>
  );
}
