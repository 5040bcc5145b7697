import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { handOverFile, haptic, shareFileLink } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";

type Outcome = "downloading" | "shared" | "copied" | "failed";

/**
 * "Export my books (CSV)": asks the server for a one-time address and hands it to Telegram's file
 * download, which fetches it without our sign-in; older clients share or copy the link instead.
 * When Telegram's download fails, the person is told and may share a fresh link instead.
 */
export function ExportBooks() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<string>();
  // Whether this request's link goes to the share dialog rather than Telegram's download.
  const viaShare = useRef(false);
  const exportLink = useMutation(
    trpc.books.exportLink.mutationOptions({
      onMutate: () => {
        setOutcome(undefined);
        setError(undefined);
      },
      onSuccess: async ({ url, fileName }) => {
        const text = t("export.shareText");
        const done = viaShare.current
          ? await shareFileLink(url, text)
          : await handOverFile(url, fileName, text);
        if (done === "cancelled") return;
        setOutcome(done);
        haptic(done === "failed" ? "error" : "success");
      },
      onError: (err) => {
        setError(errorKey(err));
        haptic("error");
      },
    }),
  );
  const start = (share: boolean) => {
    viaShare.current = share;
    exportLink.mutate();
  };
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
          onClick={() => start(false)}
        >
          {exportLink.isPending ? t("export.preparing") : t("export.action")}
        </button>
        {outcome === "failed" ? (
          <>
            <p className="error" role="alert">
              {t("export.failed")}
            </p>
            <button
              type="button"
              className="button secondary"
              disabled={exportLink.isPending}
              onClick={() => start(true)}
            >
              {t("export.shareInstead")}
            </button>
          </>
        ) : (
          outcome && (
            <p className="hint" role="status">
              {t(`export.${outcome}`)}
            </p>
          )
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
