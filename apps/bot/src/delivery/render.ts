import {
  formatAmount,
  type Language,
  languages,
  type OutboxMessage,
  parseOutboxMessage,
  resources,
} from "@exodus/shared";
import { createInstance, type TFunction } from "i18next";

/** What the dispatcher knows about a message when it renders it (read in one query per batch). */
export interface MessageFacts {
  kind: string;
  /** As stored in the outbox: read through the kind's schema (packages/shared) before use. */
  payload: unknown;
  recipientId: number;
  /** The start parameter of the button. */
  link: string;
  /** The pledge the message is about, if any: its amount and the two sides' names as of now. */
  pledge?:
    | {
        amount: number;
        giver: string | null;
        receiver: string | null;
        /** The kind of collection it is to, when the wording depends on it. */
        collectionKind?: string;
      }
    | undefined;
  /** The member the message is about (their status, their collection, a newcomer): name now. */
  member?: { name: string | null } | undefined;
  /** Members the message names line by line (a clearing part's counterparts), by id: names now. */
  names?: Map<number, string | null> | undefined;
}

export interface RenderedMessage {
  text: string;
  /** One button that opens the Mini App on the screen of what the message tells. */
  reply_markup: { inline_keyboard: [[{ text: string; web_app: { url: string } }]] };
}

export interface Renderer {
  /** Throws BadPayload for a row whose kind or payload does not fit (nothing garbled is sent). */
  render(facts: MessageFacts, language: Language): RenderedMessage;
}

/** A row that cannot be worded: an unknown kind, or a payload that does not fit its kind. */
export class BadPayload extends Error {
  override name = "BadPayload";
}

/**
 * Renders outbox rows as Telegram messages in the recipient's language, at send time, from the
 * strings in shared's `bot.notify` (the same files the Mini App speaks from). Names are read as
 * they are when the message leaves, so a member who left shows as "a deleted member".
 */
export function createRenderer(options: { miniAppUrl: string; currency: string }): Renderer {
  const i18n = createInstance();
  void i18n.init({
    resources: Object.fromEntries(
      languages.map((language) => [language, { translation: resources[language] }]),
    ),
    lng: languages[0],
    fallbackLng: languages[0],
    initAsync: false,
    // Telegram shows plain text: no HTML escaping of names.
    interpolation: { escapeValue: false },
  });

  return {
    render(facts, language) {
      const parsed = parseOutboxMessage(facts.kind, facts.payload);
      if (!parsed.ok) throw new BadPayload(`bad payload: ${parsed.reason}`);
      const t = i18n.getFixedT(language, undefined, "bot");
      const text = textOf(parsed.message, facts, t, language, options.currency);
      const url = new URL(options.miniAppUrl);
      url.searchParams.set("startapp", facts.link);
      return {
        text,
        reply_markup: {
          inline_keyboard: [[{ text: t("open"), web_app: { url: url.toString() } }]],
        },
      };
    },
  };
}

function textOf(
  message: OutboxMessage,
  facts: MessageFacts,
  t: TFunction,
  language: Language,
  currency: string,
): string {
  const someone = t("notify.deletedMember");
  const amountOf = (minor: number | undefined) => formatAmount(minor ?? 0, currency, language);
  const p = message.payload;
  const values = {
    // The pledge's amount as it is now; the payload's as it was, for a message about no pledge.
    amount: amountOf(facts.pledge?.amount ?? ("amount" in p ? p.amount : undefined)),
    giver: facts.pledge?.giver ?? someone,
    receiver: facts.pledge?.receiver ?? facts.member?.name ?? someone,
    member: facts.member?.name ?? someone,
    period: monthName("period" in p ? p.period : "", language),
  };
  switch (message.kind) {
    case "status.changed":
      return t("notify.status.changed", { ...values, context: message.payload.status });
    case "emergency.summary": {
      const { outcome, memberId } = message.payload;
      const own = facts.recipientId === memberId;
      return t(`notify.emergency.${outcome}${own ? "Own" : ""}`, values);
    }
    case "rollover.summary": {
      const s = message.payload;
      const lines = [t("notify.rollover.summary", values)];
      const add = (key: string, count: number, amount?: number) => {
        if (count > 0) {
          const extra = amount === undefined ? {} : { amount: amountOf(amount) };
          lines.push(`• ${t(`notify.rollover.${key}`, { count, ...extra })}`);
        }
      };
      add("givenRenewed", s.givenRenewed, s.givenRenewedAmount);
      add("givenLapsed", s.givenLapsed);
      add("givenOverdue", s.givenOverdue);
      add("receivedRenewed", s.receivedRenewed, s.receivedRenewedAmount);
      add("receivedOverdue", s.receivedOverdue);
      return lines.join("\n");
    }
    case "nudge.askFulfil": {
      // The ask carries where to give (DOMAIN.md): the receiver's default details, or "in person".
      const { paymentLabel, paymentValue } = message.payload;
      const payTo =
        paymentValue === undefined
          ? t("notify.payTo.inPerson", values)
          : t("notify.payTo.details", { label: paymentLabel ?? "", value: paymentValue });
      return `${t("notify.nudge.askFulfil", values)}\n${payTo}`;
    }
    case "reminder.emergencyDeadline":
      return t("notify.emergencyReminder.deadline", {
        ...values,
        count: message.payload.hoursLeft,
      });
    case "reminder.emergencyMissing": {
      const { amount, hoursLeft } = message.payload;
      return amount > 0
        ? t("notify.emergencyReminder.missing", { ...values, count: hoursLeft })
        : t("notify.emergencyReminder.covered", { ...values, count: hoursLeft });
    }
    case "clearing.proposed":
    case "clearing.applied": {
      const part = message.payload;
      if (part.owe === undefined && part.owed === undefined) {
        // Written before parts were named: the totals.
        return t(`notify.${message.kind}`, {
          ...values,
          noLongerOwe: amountOf(part.noLongerOwe),
          noLongerOwed: amountOf(part.noLongerOwed),
        });
      }
      const proposed = message.kind === "clearing.proposed";
      const lines = [t(proposed ? "notify.clearing.proposedPart" : "notify.clearing.appliedPart")];
      const side = (
        heading: string,
        shown: { memberId: number; amount: number }[] = [],
        more = 0,
        total = 0,
      ) => {
        if (shown.length === 0 && more === 0) return;
        lines.push(t(heading));
        for (const line of shown) {
          const name = facts.names?.get(line.memberId) ?? someone;
          lines.push(t("notify.clearing.line", { name, amount: amountOf(line.amount) }));
        }
        if (more > 0) {
          const rest = total - shown.reduce((sum, line) => sum + line.amount, 0);
          lines.push(t("notify.clearing.more", { count: more, amount: amountOf(rest) }));
        }
      };
      side(
        proposed ? "notify.clearing.wouldOwe" : "notify.clearing.nowOwe",
        part.owe,
        part.oweMore,
        part.noLongerOwe,
      );
      side(
        proposed ? "notify.clearing.wouldOwed" : "notify.clearing.nowOwed",
        part.owed,
        part.owedMore,
        part.noLongerOwed,
      );
      lines.push(t(proposed ? "notify.clearing.proposedAsk" : "notify.clearing.appliedNote"));
      return lines.join("\n");
    }
    case "collection.update":
      return t("notify.needUpdate", { ...values, text: message.payload.text });
    case "initiative.askCommit":
    case "initiative.ahead":
    case "initiative.done":
    case "initiative.failed":
    case "initiative.cancelled": {
      // The initiator hears how their own initiative came out in words of their own; only givers
      // are asked to commit, and a cancel is the initiator's own move.
      const { memberId, title } = message.payload;
      const kind = message.kind.slice("initiative.".length);
      const own = facts.recipientId === memberId && ["ahead", "done", "failed"].includes(kind);
      return t(`notify.initiative.${kind}${own ? "Own" : ""}`, {
        ...values,
        title: title ?? t("notify.initiative.untitled"),
      });
    }
    case "intention.created":
      // An initiative is outside the month: its intention is for the initiative, not "this month".
      return t(
        facts.pledge?.collectionKind === "initiative"
          ? "notify.intention.createdInitiative"
          : "notify.intention.created",
        values,
      );
    case "pool.invited":
      return t("notify.pool.invited", { ...values, name: message.payload.name ?? "" });
    case "claim.settled": {
      const { uncovered } = message.payload;
      return t(uncovered > 0 ? "notify.claim.partlyCovered" : "notify.claim.covered", {
        ...values,
        uncovered: amountOf(uncovered),
      });
    }
    default:
      return t(`notify.${message.kind}`, values);
  }
}

/** "2026-11" as the month's name in the language: "November 2026", «ноябрь 2026 г.». */
function monthName(period: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  const name = new Intl.DateTimeFormat(language, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
  return name.charAt(0).toUpperCase() + name.slice(1);
}
