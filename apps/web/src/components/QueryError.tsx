import { useTranslation } from "react-i18next";
import { errorKey } from "../trpc.ts";

/**
 * What a screen or a list shows when its data did not come: the translated reason and a retry,
 * in a card of its own.
 */
export function QueryError({
  error,
  onRetry,
  secondary = false,
}: {
  error: unknown;
  onRetry: () => void;
  /** A quieter retry, for a list inside a screen that has its own main action. */
  secondary?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="query-error">
      <p role="alert" className="error">
        {t(errorKey(error))}
      </p>
      <button
        type="button"
        className={secondary ? "button secondary" : "button"}
        onClick={() => onRetry()}
      >
        {t("app.retry")}
      </button>
    </section>
  );
}
