import {
  MAX_STORY,
  MAX_UPDATE,
  storyText,
  textError,
  textLength,
  updateText,
} from "@exodus/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { haptic } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { Button, Cell, Section } from "../ui/index.ts";
import { LinkedText } from "./LinkedText.tsx";
import { useDates } from "./PledgeBits.tsx";
import { Skeleton } from "./Skeleton.tsx";
import "../pages/profile/profile.css";
import "./need-story.css";

/**
 * A need's story and its updates, newest first (DOMAIN.md, "A need's story"), as a Section: the
 * story on its plate, then each update a cell with its date. Its member edits the story and posts
 * updates here; everyone else who may see the member reads them.
 */
export function NeedStory({ collectionId }: { collectionId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const dates = useDates();
  const story = useQuery(trpc.collection.story.queryOptions({ collectionId }));

  if (story.isPending) {
    return (
      <Section header={t("story.title")}>
        <div className="ui-section-content" aria-busy="true">
          <Skeleton lines={2} />
        </div>
      </Section>
    );
  }
  if (story.isError) {
    return (
      <Section header={t("story.title")}>
        <p role="alert" className="error ui-section-content">
          {t(errorKey(story.error))}
        </p>
      </Section>
    );
  }
  const { mine, closed, updates } = story.data;
  const editable = mine && !closed;
  // Someone else's need without a word about it: nothing to show.
  if (!editable && !story.data.story && updates.length === 0) return null;

  return (
    <Section id="need-story" header={t("story.title")} testId="need-story">
      <div className="ui-section-content need-story">
        {editable ? (
          <StoryForm collectionId={collectionId} kept={story.data.story} />
        ) : (
          <p className="about" data-testid="story-text">
            {story.data.story ? <LinkedText text={story.data.story} /> : t("story.empty")}
          </p>
        )}
      </div>
      <div className="ui-section-content need-story need-story-updates">
        <h3 className="need-story-subtitle">{t("story.updates")}</h3>
        {editable && <UpdateForm collectionId={collectionId} />}
        {updates.length === 0 && <p className="hint">{t("story.noUpdates")}</p>}
      </div>
      {updates.length > 0 && (
        <ul className="ui-list need-story" data-testid="story-updates">
          {updates.map((u) => (
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

/** A text field with its live character count against a limit, as "About me" has (initiatives too). */
export function CountedText({
  id,
  label,
  value,
  max,
  rows,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  max: number;
  rows: number;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const used = textLength(value);
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={id}>{label}</label>
        <span
          className={used > max ? "counter over" : "counter"}
          data-testid={`${id}-counter`}
          aria-live="polite"
        >
          {used > max ? t("story.over", { count: used - max }) : t("story.counter", { used, max })}
        </span>
      </div>
      <textarea
        id={id}
        name={id}
        rows={rows}
        value={value}
        aria-invalid={!!error || used > max}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={`${id}-error`} className="error" role="alert">
          {t(error)}
        </span>
      )}
    </div>
  );
}

function StoryForm({ collectionId, kept }: { collectionId: number; kept: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [story, setStory] = useState(kept);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.collection.setStory.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(
          trpc.collection.story.queryKey({ collectionId }),
          (old) => old && { ...old, story: next.story },
        );
        setStory(next.story);
        setSaved(true);
        haptic("success");
      },
      onError: (err) => {
        setError(err.data?.issues?.[0]?.message ?? errorKey(err));
        haptic("error");
      },
    }),
  );
  const dirty = story.trim() !== kept;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending || !dirty) return;
    const found = textError(story, storyText);
    if (found) {
      setError(found);
      haptic("error");
      return;
    }
    save.mutate({ collectionId, story: story.trim() });
  }

  return (
    <form onSubmit={submit} noValidate>
      {!kept && <p className="hint">{t("story.emptyOwn")}</p>}
      <CountedText
        id="story"
        label={t("story.label")}
        value={story}
        max={MAX_STORY}
        rows={4}
        error={error}
        onChange={(value) => {
          setStory(value);
          setSaved(false);
          setError(undefined);
        }}
      />
      <Button type="submit" stretched disabled={!dirty || save.isPending}>
        {save.isPending ? t("app.loading") : t("story.save")}
      </Button>
      {saved && !dirty && (
        <p className="saved" role="status">
          ✓ {t("story.saved")}
        </p>
      )}
    </form>
  );
}

function UpdateForm({ collectionId }: { collectionId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  // How many of the circle the post reached, as the server counted them.
  const [sentTo, setSentTo] = useState<number>();
  const post = useMutation(
    trpc.collection.postUpdate.mutationOptions({
      onSuccess: async (posted) => {
        setText("");
        setSentTo(posted.sentTo);
        haptic("success");
        await queryClient.invalidateQueries(trpc.collection.story.queryFilter({ collectionId }));
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
    <form onSubmit={submit} noValidate>
      <CountedText
        id="update"
        label={t("story.updateLabel")}
        value={text}
        max={MAX_UPDATE}
        rows={3}
        error={error}
        onChange={(value) => {
          setText(value);
          setSentTo(undefined);
          setError(undefined);
        }}
      />
      <p className="hint">{t("story.limitHint")}</p>
      <Button type="submit" stretched disabled={post.isPending}>
        {post.isPending ? t("app.loading") : t("story.post")}
      </Button>
      {sentTo !== undefined && (
        <p className="saved" role="status">
          ✓ {sentTo > 0 ? t("story.posted", { count: sentTo }) : t("story.postedAlone")}
        </p>
      )}
    </form>
  );
}
