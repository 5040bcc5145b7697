import { inviteCodeOf } from "@exodus/shared";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { haptic } from "../telegram.ts";
import { errorKey } from "../trpc.ts";
import { Field } from "./Field.tsx";
import { useOpenInvite } from "./useOpenInvite.ts";

/**
 * "Have an invite code?": without the bot, a friend passes on a code (or the whole link); typed or
 * pasted here it opens as the link would, leading to the link's target. A code that does not work
 * gets the server's reason next to the field.
 */
export function InviteCodeForm() {
  const { t } = useTranslation();
  const open = useOpenInvite();
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const error = problem ?? (open.isError ? errorKey(open.error) : null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (open.isPending) return;
    if (!typed.trim()) {
      setProblem("inviteCode.required");
      haptic("error");
      return;
    }
    const code = inviteCodeOf(typed);
    if (!code) {
      setProblem("errors.invite.unknown");
      haptic("error");
      return;
    }
    setProblem(null);
    open.mutate({ code });
  }

  return (
    <details className="card invite-code" data-testid="invite-code">
      <summary>{t("inviteCode.title")}</summary>
      <form onSubmit={submit} noValidate>
        <p className="hint small">{t("inviteCode.hint")}</p>
        <Field
          id="invite-code"
          label={t("inviteCode.label")}
          error={error ? t(error) : undefined}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="go"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setProblem(null);
            open.reset();
          }}
        />
        <button type="submit" className="button secondary" disabled={open.isPending}>
          {open.isPending ? t("app.loading") : t("inviteCode.open")}
        </button>
      </form>
    </details>
  );
}
