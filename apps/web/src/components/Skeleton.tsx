import { useTranslation } from "react-i18next";

/** Grey blocks in the shape of what is loading, so nothing jumps when it arrives. */
export function Skeleton({ lines = 3, height = 18 }: { lines?: number; height?: number }) {
  return (
    <div className="skeleton-group" aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing but their place.
          key={i}
          className="skeleton"
          style={{ height, width: `${90 - ((i * 17) % 40)}%` }}
        />
      ))}
    </div>
  );
}

/** A whole screen loading: a title and two cards of placeholders. */
export function PageSkeleton() {
  const { t } = useTranslation();
  return (
    <main className="page" aria-busy="true" aria-label={t("app.loading")}>
      <Skeleton lines={1} height={28} />
      <div className="card">
        <Skeleton lines={3} />
      </div>
      <div className="card">
        <Skeleton lines={4} />
      </div>
    </main>
  );
}
