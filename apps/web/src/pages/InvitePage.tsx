import { statusEmoji } from "@exodus/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "wouter";
import { Avatar } from "../components/Avatar.tsx";
import { EmptyState } from "../components/EmptyState.tsx";
import { Skeleton } from "../components/Skeleton.tsx";
import { formatDate } from "../network/format.ts";
import { Paged } from "../network/Paged.tsx";
import type { Invitee, InviteLine } from "../network/types.ts";
import { usePages } from "../network/usePages.ts";
import { confirmAction, copyText, haptic, shareLink, useMainButton } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { Button } from "../ui/Button.tsx";
import { Cell } from "../ui/Cell.tsx";
import { Section } from "../ui/Section.tsx";
import "../network/network.css";
import "./invite.css";

type Links = InviteLine["links"];

/** The link to hand out: the Mini App's own when configured, else the bot chat's. */
function linkOf(links: Links): string | null {
  return links.app ?? links.bot;
}

/**
 * Invite: make a link (to me, or with ?target=<id> to a member in need in my network), share it in
 * Telegram's dialog or copy it; my links that still work, each to share again or withdraw; and who
 * joined through them.
 */
export default function InvitePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const me = useQuery(trpc.member.me.queryOptions());
  const asked = Number(params.get("target"));
  const targetId =
    Number.isSafeInteger(asked) && asked > 0 && asked !== me.data?.profile.id ? asked : undefined;
  const target = useQuery({
    ...trpc.network.member.queryOptions({ memberId: targetId ?? 0 }),
    enabled: targetId !== undefined,
  });
  const targetName = target.data?.name ?? "";
  const [copied, setCopied] = useState<string | null>(null);

  const create = useMutation(
    trpc.network.createInvite.mutationOptions({
      onSuccess: () => {
        haptic("success");
        void queryClient.invalidateQueries(trpc.network.invites.pathFilter());
      },
      onError: () => haptic("error"),
    }),
  );
  // A link made here for another target (the address changed) is not this screen's link.
  const created = create.data && create.variables?.targetId === targetId ? create.data : undefined;

  const targetProblem =
    targetId !== undefined &&
    (target.isError || (target.data !== undefined && target.data.status === "green"));
  const ready = targetId === undefined || target.isSuccess;

  async function copy(key: string, text: string) {
    await copyText(text);
    setCopied(key);
    haptic("success");
  }

  function share(invite: { code: string; links: Links }, forName?: string) {
    const link = linkOf(invite.links);
    if (link) {
      shareLink(
        link,
        forName ? t("inviteScreen.shareTextFor", { name: forName }) : t("inviteScreen.shareText"),
      );
    } else {
      void copy(invite.code, invite.code);
    }
  }

  useMainButton({
    text: created
      ? linkOf(created.links)
        ? t("inviteScreen.share")
        : t("inviteScreen.copyCode")
      : targetId
        ? t("inviteScreen.createFor", { name: targetName })
        : t("inviteScreen.create"),
    onClick: () => {
      if (created) share(created, targetId ? targetName : undefined);
      else if (!create.isPending) create.mutate(targetId ? { targetId } : {});
    },
    loading: create.isPending,
    visible: ready && !targetProblem,
  });

  return (
    <main className="page invite-page">
      <h1>
        {targetId ? t("inviteScreen.forTarget", { name: targetName }) : t("inviteScreen.title")}
      </h1>

      <Section testId="new-invite">
        {targetId !== undefined && target.isPending ? (
          <div className="ui-section-content">
            <Skeleton lines={2} />
          </div>
        ) : targetProblem ? (
          <p role="alert" className="ui-section-content error">
            {t("inviteScreen.targetNotFound")}
          </p>
        ) : (
          <Cell
            multiline
            before={
              targetId && target.data ? (
                <Avatar id={targetId} name={targetName} photoUrl={target.data.photoUrl} />
              ) : (
                <span className="invite-icon">✉️</span>
              )
            }
            subtitle={
              targetId
                ? t("inviteScreen.forTargetIntro", { name: targetName })
                : t("inviteScreen.intro")
            }
          >
            {targetId
              ? t("inviteScreen.leadsTo", { name: targetName })
              : t("inviteScreen.leadsToYou")}
          </Cell>
        )}
        {create.isError && (
          <p role="alert" className="ui-section-content error">
            {t(errorKey(create.error))}
          </p>
        )}
        {created && (
          <div className="ui-section-content new-link">
            <h2 className="card-title">{t("inviteScreen.yourLink")}</h2>
            <LinkBox
              invite={created}
              copied={copied === `new:${created.code}`}
              onCopy={(text) => void copy(`new:${created.code}`, text)}
              onShare={() => share(created, targetId ? targetName : undefined)}
              forName={targetId ? targetName : undefined}
              testId="invite-link"
            />
          </div>
        )}
      </Section>

      <ActiveLinks
        copied={copied}
        onCopy={(code, text) => void copy(code, text)}
        onShare={(invite) =>
          share(invite, invite.target.id === me.data?.profile.id ? undefined : invite.target.name)
        }
        myId={me.data?.profile.id}
      />

      <Invitees />
    </main>
  );
}

/** A link with its share and copy buttons; without a configured bot, the code and why. */
function LinkBox({
  invite,
  copied,
  onCopy,
  onShare,
  forName,
  testId,
  children,
}: {
  invite: { code: string; links: Links };
  copied: boolean;
  onCopy: (text: string) => void;
  onShare: () => void;
  /** The member in need the link leads to; none for a link to oneself. */
  forName?: string | undefined;
  testId?: string;
  /** More actions for the same row (withdraw). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const link = linkOf(invite.links);
  if (!link) {
    return (
      <div className="link-box">
        <p className="hint small">{t("inviteScreen.noBot")}</p>
        <code className="link-text" data-testid={testId && `${testId}-code`}>
          {t("inviteScreen.code", { code: invite.code })}
        </code>
        <div className="link-actions">
          <Button mode="plain" size="s" onClick={() => onCopy(invite.code)}>
            {copied ? t("inviteScreen.copied") : t("inviteScreen.copyCode")}
          </Button>
          {children}
        </div>
      </div>
    );
  }
  return (
    <div className="link-box">
      <code className="link-text" data-testid={testId}>
        {link}
      </code>
      <div className="link-actions">
        <Button mode="plain" size="s" onClick={onShare}>
          {t("inviteScreen.share")}
        </Button>
        <Button
          mode="plain"
          size="s"
          onClick={() =>
            onCopy(
              forName
                ? t("inviteScreen.copyTextFor", { name: forName, link })
                : t("inviteScreen.copyText", { link }),
            )
          }
          aria-live="polite"
        >
          {copied ? t("inviteScreen.copied") : t("inviteScreen.copy")}
        </Button>
        {children}
      </div>
    </div>
  );
}

/** My links that still work: where each leads, until when, how often opened; share or withdraw. */
function ActiveLinks({
  copied,
  onCopy,
  onShare,
  myId,
}: {
  copied: string | null;
  onCopy: (code: string, text: string) => void;
  onShare: (invite: InviteLine) => void;
  myId: number | undefined;
}) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pages = usePages(
    "invites",
    (page) => trpc.network.invites.queryOptions(page),
    (invite) => invite.code,
  );
  const revoke = useMutation(
    trpc.network.revokeInvite.mutationOptions({
      onSuccess: () => {
        haptic("success");
        void queryClient.invalidateQueries(trpc.network.invites.pathFilter());
      },
      onError: () => haptic("error"),
    }),
  );

  async function withdraw(code: string) {
    if (revoke.isPending) return;
    const ok = await confirmAction({
      title: t("inviteScreen.revokeTitle"),
      message: t("inviteScreen.revokeMessage"),
      ok: t("inviteScreen.revokeOk"),
      cancel: t("inviteScreen.cancel"),
      destructive: true,
    });
    if (ok) revoke.mutate({ code });
  }

  return (
    <Section id="active-links" header={t("inviteScreen.active")}>
      {revoke.isError && (
        <p role="alert" className="ui-section-content error">
          {t(errorKey(revoke.error))}
        </p>
      )}
      {revoke.isSuccess && (
        <p role="status" className="ui-section-content hint">
          {t("inviteScreen.revoked")}
        </p>
      )}
      <Paged
        pages={pages}
        empty={<p className="ui-section-content hint">{t("inviteScreen.activeEmpty")}</p>}
        render={(items) => (
          <ul className="ui-list" data-testid="active-links">
            {items.map((invite) => {
              const toMe = invite.target.id === myId;
              return (
                <li key={invite.code} className="invite-row" data-testid="active-link">
                  <Cell
                    multiline
                    before={
                      <span className="invite-icon">
                        {toMe ? "✉️" : statusEmoji[invite.target.status]}
                      </span>
                    }
                    subtitle={`${t("inviteScreen.expires", {
                      date: formatDate(invite.expiresAt, i18n.language),
                    })} · ${t("inviteScreen.opens", { count: invite.opens })}`}
                  >
                    {toMe
                      ? t("inviteScreen.leadsToYou")
                      : t("inviteScreen.leadsTo", { name: invite.target.name })}
                  </Cell>
                  <div className="invite-row-link">
                    <LinkBox
                      invite={invite}
                      copied={copied === invite.code}
                      onCopy={(text) => onCopy(invite.code, text)}
                      onShare={() => onShare(invite)}
                      forName={toMe ? undefined : invite.target.name}
                    >
                      <Button
                        mode="plain"
                        size="s"
                        destructive
                        disabled={revoke.isPending && revoke.variables?.code === invite.code}
                        onClick={() => void withdraw(invite.code)}
                      >
                        {t("inviteScreen.revoke")}
                      </Button>
                    </LinkBox>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      />
    </Section>
  );
}

/** Who joined through my links, newest first: each one's status and when they came. */
function Invitees() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const pages = usePages("invitees", (page) => trpc.network.invitees.queryOptions(page));
  return (
    <Section id="invitees" header={t("inviteScreen.joined")}>
      <Paged
        pages={pages}
        empty={
          <EmptyState
            icon="🌱"
            title={t("inviteScreen.joined")}
            text={t("inviteScreen.joinedEmpty")}
          />
        }
        render={(items: Invitee[]) => (
          <ul className="ui-list" aria-labelledby="invitees-header" data-testid="invitees">
            {items.map((m) => {
              const name = m.name || t("network.deletedMember");
              return (
                <li key={m.id}>
                  <Cell
                    to={`/member/${m.id}`}
                    testId="invitee-row"
                    before={<Avatar id={m.id} name={name} photoUrl={m.photoUrl} />}
                    subtitle={
                      <>
                        <span aria-hidden="true">{statusEmoji[m.status]}</span>{" "}
                        {t(`theirStatus.${m.status}`)} ·{" "}
                        {t("inviteScreen.joinedAt", {
                          date: formatDate(m.joinedAt, i18n.language),
                        })}
                      </>
                    }
                  >
                    {name}
                  </Cell>
                </li>
              );
            })}
          </ul>
        )}
      />
    </Section>
  );
}
