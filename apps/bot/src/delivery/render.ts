import {
  formatAmount,
  isMessageKind,
  type Language,
  languages,
  type MessageKind,
  resources,
} from "@exodus/shared";
import { createInstance, type TFunction } from "i18next";

/** What the dispatcher knows about a message when it renders it (read in one query per batch). */
export interface MessageFacts {
  kind: string;
  payload: Record<string, unknown>;
  recipientId: number;
  /** The start parameter of the button. */
  link: string;
  /** The pledge the message is about, if any: its amount and the two sides' names as of now. */
  pledge?: { amount: number; giver: string | null; receiver: string | null } | undefined;
  /** The member the message is about (their status, their collection, a newcomer): name now. */
  member?: { name: string | null } | undefined;
}

export interface RenderedMessage {
  text: string;
  /** One button that opens the Mini App on the screen of what the message tells. */
  reply_markup: { inline_keyboard: [[{ text: string; web_app: { url: string } }]] };
}

export interface Renderer {
  render(facts: MessageFacts, language: Language): RenderedMessage;
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
      if (!isMessageKind(facts.kind)) throw new Error(`Unknown message kind "${facts.kind}"`);
      const t = i18n.getFixedT(language, undefined, "bot");
      const text = textOf(facts.kind, facts, t, language, options.currency);
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
  kind: MessageKind,
  facts: MessageFacts,
  t: TFunction,
  language: Language,
  currency: string,
): string {
  const p = facts.payload;
  const someone = t("notify.deletedMember");
  const amountOf = (minor: unknown) => formatAmount(Number(minor ?? 0), currency, language);
  const values = {
    amount: amountOf(facts.pledge?.amount ?? p.amount),
    giver: facts.pledge?.giver ?? someone,
    receiver: facts.pledge?.receiver ?? facts.member?.name ?? someone,
    member: facts.member?.name ?? someone,
    period: monthName(String(p.period ?? ""), language),
  };
  switch (kind) {
    case "status.changed":
      return t("notify.status.changed", { ...values, context: String(p.status) });
    case "emergency.summary": {
      const own = facts.recipientId === Number(p.memberId);
      return t(`notify.emergency.${String(p.outcome)}${own ? "Own" : ""}`, values);
    }
    case "rollover.summary": {
      const lines = [t("notify.rollover.summary", values)];
      const add = (key: string, count: unknown, amount?: unknown) => {
        const n = Number(count ?? 0);
        if (n > 0) {
          const extra = amount === undefined ? {} : { amount: amountOf(amount) };
          lines.push(`• ${t(`notify.rollover.${key}`, { count: n, ...extra })}`);
        }
      };
      add("givenRenewed", p.givenRenewed, p.givenRenewedAmount);
      add("givenLapsed", p.givenLapsed);
      add("givenOverdue", p.givenOverdue);
      add("receivedRenewed", p.receivedRenewed, p.receivedRenewedAmount);
      add("receivedOverdue", p.receivedOverdue);
      return lines.join("\n");
    }
    case "nudge.askFulfil": {
      // The ask carries where to give (DOMAIN.md): the receiver's default details, or "in person".
      const payTo =
        typeof p.paymentValue === "string"
          ? t("notify.payTo.details", {
              label: String(p.paymentLabel ?? ""),
              value: p.paymentValue,
            })
          : t("notify.payTo.inPerson", values);
      return `${t("notify.nudge.askFulfil", values)}\n${payTo}`;
    }
    case "reminder.emergencyDeadline":
      return t("notify.emergencyReminder.deadline", { ...values, count: hoursLeft(p) });
    case "reminder.emergencyMissing":
      return Number(p.amount ?? 0) > 0
        ? t("notify.emergencyReminder.missing", { ...values, count: hoursLeft(p) })
        : t("notify.emergencyReminder.covered", { ...values, count: hoursLeft(p) });
    case "collection.update":
      return t("notify.needUpdate", { ...values, text: String(p.text ?? "") });
    default:
      return t(`notify.${kind}`, values);
  }
}

/**
 * The hours at most until an emergency ends, as the reminder counted them when it was made: "within
 * N hours" stays true however late the message leaves. Reminders made before they carried it were
 * made a day ahead at most.
 */
function hoursLeft(payload: Record<string, unknown>): number {
  return Number(payload.hoursLeft ?? 24);
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
