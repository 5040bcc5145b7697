import { MAX_UPDATE, textError, updateText } from "@exodus/shared";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LinkedText } from "../../components/LinkedText.tsx";
import { CountedText } from "../../components/NeedStory.tsx";
import { useDates } from "../../components/PledgeBits.tsx";
import { haptic } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";
import { Button, Cell, Section } from "../../ui/index.ts";
import { useInitiativeSettled } from "./InitiativeBits.tsx";
import { type InitiativeView, underWay } from "./types.ts";

/**
 * An initiative's updates, newest first, as a need's story has them; its initiator posts one here
 * while it is under way (everyone who pledged is told).
 */
export function Updates({ view }: { view: InitiativeView }) {
  const { t } = useTranslation();
  const dates = useDates();
  const canPost = view.mine && underWay(view);
  return (
    <Section id="initiative-updates" header={t("story.updates")} testId="initiative-updates">
      {canPost && <UpdateForm collectionId={view.id} />}
      {view.updates.length === 0 ? (
        <p className="ui-section-content hint">{t("story.noUpdates")}</p>
      ) : (
        <ul className="ui-list" data-testid="initiative-update-list">
          {view.updates.map((u) => (
            <li key={u.id}>
              <Cell multiline subtitle={dates.dateTime(u.at)}>
                <span className="about">
                  <LinkedText text={u.text} />
                </span>
              </Cell>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function UpdateForm({ collectionId }: { collectionId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const settled = useInitiativeSettled();
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const [posted, setPosted] = useState(false);
  const post = useMutation(
    trpc.initiative.postUpdate.mutationOptions({
      onSuccess: () => {
        setText("");
        setPosted(true);
        haptic("success");
        void settled();
      },
      onError: (err) => {
        setError(err.data?.issues?.[0]?.message ?? errorKey(err));
        haptic("error");
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (post.isPending) return;
    const found = textError(text, updateText);
    if (found) {
      setError(found);
      haptic("error");
      return;
    }
    post.mutate({ collectionId, text: text.trim() });
  }

  return (
    <form className="ui-section-content" onSubmit={submit} noValidate>
      <CountedText
        id="initiative-update"
        label={t("story.updateLabel")}
        value={text}
        max={MAX_UPDATE}
        rows={3}
        error={error}
        onChange={(value) => {
          setText(value);
          setPosted(false);
          setError(undefined);
        }}
      />
      <p className="hint">{t("story.limitHint")}</p>
      <Button type="submit" stretched disabled={post.isPending} data-testid="initiative-post">
        {post.isPending ? t("app.loading") : t("story.post")}
      </Button>
      {posted && (
        <p className="saved" role="status">
          ✓ {t("initiatives.updates.posted")}
        </p>
      )}
    </form>
  );
}
