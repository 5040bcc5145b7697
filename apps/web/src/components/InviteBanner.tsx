import { isStartParam } from "@exodus/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "../router.ts";
import { errorKey, useTRPC } from "../trpc.ts";

const OPENED_KEY = "exodus.invite.opened";

/**
 * Opens the invite code the app was launched with (a t.me link's startapp, or the bot's button),
 * once per code in this session, and says what happened: who invited, or why the link does not work.
 * A newcomer is then led to the link's target, whose page is ready for a pledge.
 */
export function InviteBanner({ code }: { code: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const open = useMutation(
    trpc.network.openInvite.mutationOptions({
      onSuccess: ({ targetId }) => {
        // A new tie changes what the network lists hold.
        void queryClient.invalidateQueries(trpc.network.pathFilter());
        navigate(`/member/${targetId}`);
      },
    }),
  );
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
