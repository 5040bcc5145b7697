import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { handOverFile, haptic, shareFileLink } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { ButtonCell, Section } from "../ui/index.ts";

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
    <Section
      id="export-books"
      header={
        <>
          <span aria-hidden="true">📄</span> {t("export.title")}
        </>
      }
      footer={t("export.hint")}
    >
      <ButtonCell disabled={exportLink.isPending} onClick={() => start(false)}>
        {exportLink.isPending ? t("export.preparing") : t("export.action")}
      </ButtonCell>
      {outcome === "failed" && (
        <>
          <p className="error ui-section-content" role="alert">
            {t("export.failed")}
          </p>
          <ButtonCell disabled={exportLink.isPending} onClick={() => start(true)}>
            {t("export.shareInstead")}
          </ButtonCell>
        </>
      )}
      {outcome && outcome !== "failed" && (
        <p className="hint ui-section-content" role="status">
          {t(`export.${outcome}`)}
        </p>
      )}
      {error && (
        <p className="error ui-section-content" role="alert">
          {t(error)}
        </p>
      )}
    </Section>
  );
}
