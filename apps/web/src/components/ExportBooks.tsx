import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { handOverFile, haptic } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";

type Outcome = "downloading" | "shared" | "copied";

/**
 * "Export my books (CSV)": asks the server for a one-time address and hands it to Telegram's file
 * download, which fetches it without our sign-in; older clients share or copy the link instead.
 */
export function ExportBooks() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<string>();
  const exportLink = useMutation(
    trpc.books.exportLink.mutationOptions({
      onMutate: () => {
        setOutcome(undefined);
        setError(undefined);
      },
      onSuccess: async ({ url, fileName }) => {
        const done = await handOverFile(url, fileName, t("export.shareText"));
        if (done === "cancelled") return;
        setOutcome(done);
        haptic("success");
      },
      onError: (err) => {
        setError(errorKey(err));
        haptic("error");
      },
    }),
  );
  return (
    <section className="export-books" aria-labelledby="export-books-title">
      <h2 className="section-title" id="export-books-title">
        <span aria-hidden="true">📄</span> {t("export.title")}
      </h2>
      <div className="card">
        <p className="hint">{t("export.hint")}</p>
        <button
          type="button"
          className="button soft"
          disabled={exportLink.isPending}
          onClick={() => exportLink.mutate()}
        >
          {exportLink.isPending ? t("export.preparing") : t("export.action")}
        </button>
        {outcome && (
          <p className="hint" role="status">
            {t(`export.${outcome}`)}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {t(error)}
          </p>
        )}
      </div>
    </section>
  );
}
