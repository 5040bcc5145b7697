import { isStartParam } from "@exodus/shared";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { errorKey } from "../trpc.ts";
import { useOpenInvite } from "./useOpenInvite.ts";

const OPENED_KEY = "exodus.invite.opened";

/**
 * Opens the invite code the app was launched with (a t.me link's startapp, or the bot's button),
 * once per code in this session, and says what happened: who invited, or why the link does not work.
 */
export function InviteBanner({ code }: { code: string | undefined }) {
  const { t } = useTranslation();
  const open = useOpenInvite();
  const started = useRef(false);
  useEffect(() => {
    if (!code || !isStartParam(code) || started.current) return;
    if (sessionStorage.getItem(OPENED_KEY) === code) return;
    started.current = true;
    open.mutate({ code }, { onSettled: () => sessionStorage.setItem(OPENED_KEY, code) });
  }, [code, open]);

  if (open.isSuccess) {
    return (
      <p className="card banner" role="status" data-testid="invite-banner">
        {t("invite.joined", { name: open.data.inviterName })}
      </p>
    );
  }
  if (open.isError) {
    return (
      <p className="card banner" role="alert" data-testid="invite-banner">
        {t(errorKey(open.error))}
      </p>
    );
  }
  return null;
}
