import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { type Resources, resources } from "./index.ts";

/**
 * The counted words of ru and uk, written out by hand: for each plural family the phrase around
 * the number in its three forms (one: 1, 21; few: 2, 22; many: 5, 11, 25), `{n}` for the number.
 * A new family fails the test until its forms are added here.
 */
type Forms = readonly [one: string, few: string, many: string];

const expected: Record<"ru" | "uk", Record<string, Forms>> = {
  ru: {
    "clearing.offeredCount": [
      "Предложено {n} обязательство",
      "Предложено {n} обязательства",
      "Предложено {n} обязательств",
    ],
    "clearing.days": ["{n} день", "{n} дня", "{n} дней"],
    "clearing.hours": ["{n} час", "{n} часа", "{n} часов"],
    "statusLine.deadline": ["остался {n} день", "осталось {n} дня", "осталось {n} дней"],
    "home.daysLeft": ["остался {n} день", "осталось {n} дня", "осталось {n} дней"],
    "home.circleWords": [
      "помогает {n} участник",
      "помогают {n} участника",
      "помогают {n} участников",
    ],
    "home.periodEnding": ["через {n} день", "через {n} дня", "через {n} дней"],
    "home.givingWords": [
      "помогаете {n} участнику",
      "помогаете {n} участникам",
      "помогаете {n} участникам",
    ],
    "home.givingHeadline": [
      "вы помогаете {n} участнику",
      "вы помогаете {n} участникам",
      "вы помогаете {n} участникам",
    ],
    "network.needHelpers": [
      "помогает {n} человек",
      "помогают {n} человека",
      "помогают {n} человек",
    ],
    "network.daysLeft": ["остался {n} день", "осталось {n} дня", "осталось {n} дней"],
    "member.progress.helpers": [
      "Помогает {n} человек",
      "Помогают {n} человека",
      "Помогают {n} человек",
    ],
    "member.pledge.suggestedShare": [
      "и {n} человеком, который уже помогает",
      "и {n} людьми, которые уже помогают",
      "и {n} людьми, которые уже помогают",
    ],
    "inviteScreen.opens": ["открыта {n} раз", "открыта {n} раза", "открыта {n} раз"],
    "picture.truncated": [
      "показан {n} участник, которому",
      "показаны {n} участника, которым",
      "показаны {n} участников, которым",
    ],
    "picture.canvas": ["на ней {n} участник,", "на ней {n} участника,", "на ней {n} участников,"],
    "picture.distance": ["{n} связь от вас", "{n} связи от вас", "{n} связей от вас"],
    "picture.needEmergency": ["остался {n} день", "осталось {n} дня", "осталось {n} дней"],
    "profile.aboutOver": ["Лишний {n} символ", "Лишних {n} символа", "Лишних {n} символов"],
    "story.over": ["Лишний {n} символ", "Лишних {n} символа", "Лишних {n} символов"],
    "story.posted": ["отправлено {n} человеку", "отправлено {n} людям", "отправлено {n} людям"],
    "bot.notify.rollover.givenRenewed": [
      "{n} намерение продлено",
      "{n} намерения продлены",
      "{n} намерений продлено",
    ],
    "bot.notify.rollover.givenLapsed": [
      "{n} намерение сгорело",
      "{n} намерения сгорели",
      "{n} намерений сгорело",
    ],
    "bot.notify.rollover.givenOverdue": [
      "{n} обязательство стало просроченным",
      "{n} обязательства стали просроченными",
      "{n} обязательств стали просроченными",
    ],
    "bot.notify.rollover.receivedRenewed": [
      "{n} намерение в вашу пользу продлено",
      "{n} намерения в вашу пользу продлены",
      "{n} намерений в вашу пользу продлено",
    ],
    "bot.notify.rollover.receivedOverdue": [
      "{n} обещание вам просрочено",
      "{n} обещания вам просрочены",
      "{n} обещаний вам просрочено",
    ],
    "bot.notify.emergencyReminder.deadline": [
      "через {n} час.",
      "через {n} часа.",
      "через {n} часов.",
    ],
    "bot.notify.emergencyReminder.missing": [
      "через {n} час.",
      "через {n} часа.",
      "через {n} часов.",
    ],
    "bot.notify.emergencyReminder.covered": [
      "через {n} час.",
      "через {n} часа.",
      "через {n} часов.",
    ],
    "bot.notify.clearing.more": [
      "и ещё {n} участник",
      "и ещё {n} участника",
      "и ещё {n} участников",
    ],
    "pools.members": ["{n} участник", "{n} участника", "{n} участников"],
    "pool.backersNeeded": [
      "нужно {n} подтверждение",
      "нужно {n} подтверждения",
      "нужно {n} подтверждений",
    ],
    "pool.answerDays": ["в течение {n} дня", "в течение {n} дней", "в течение {n} дней"],
  },
  uk: {
    "clearing.offeredCount": [
      "Запропоновано {n} зобовʼязання",
      "Запропоновано {n} зобовʼязання",
      "Запропоновано {n} зобовʼязань",
    ],
    "clearing.days": ["{n} день", "{n} дні", "{n} днів"],
    "clearing.hours": ["{n} година", "{n} години", "{n} годин"],
    "statusLine.deadline": ["залишився {n} день", "залишилося {n} дні", "залишилося {n} днів"],
    "home.daysLeft": ["залишився {n} день", "залишилося {n} дні", "залишилося {n} днів"],
    "home.circleWords": [
      "допомагає {n} учасник",
      "допомагають {n} учасники",
      "допомагають {n} учасників",
    ],
    "home.periodEnding": ["через {n} день", "через {n} дні", "через {n} днів"],
    "home.givingWords": [
      "допомагаєте {n} учаснику",
      "допомагаєте {n} учасникам",
      "допомагаєте {n} учасникам",
    ],
    "home.givingHeadline": [
      "ви допомагаєте {n} учаснику",
      "ви допомагаєте {n} учасникам",
      "ви допомагаєте {n} учасникам",
    ],
    "network.needHelpers": [
      "допомагає {n} людина",
      "допомагають {n} людини",
      "допомагають {n} людей",
    ],
    "network.daysLeft": ["залишився {n} день", "залишилося {n} дні", "залишилося {n} днів"],
    "member.progress.helpers": [
      "Допомагає {n} людина",
      "Допомагають {n} людини",
      "Допомагають {n} людей",
    ],
    "member.pledge.suggestedShare": [
      "та {n} людиною, яка вже допомагає",
      "та {n} людьми, які вже допомагають",
      "та {n} людьми, які вже допомагають",
    ],
    "inviteScreen.opens": ["відкрито {n} раз", "відкрито {n} рази", "відкрито {n} разів"],
    "picture.truncated": [
      "на ній {n} учасник, якому",
      "на ній {n} учасники, яким",
      "на ній {n} учасників, яким",
    ],
    "picture.canvas": ["на ній {n} учасник,", "на ній {n} учасники,", "на ній {n} учасників,"],
    "picture.distance": ["{n} зв'язок від вас", "{n} зв'язки від вас", "{n} зв'язків від вас"],
    "picture.needEmergency": ["залишився {n} день", "залишилося {n} дні", "залишилося {n} днів"],
    "profile.aboutOver": ["Зайвий {n} символ", "Зайві {n} символи", "Зайвих {n} символів"],
    "story.over": ["Зайвий {n} символ", "Зайві {n} символи", "Зайвих {n} символів"],
    "story.posted": ["надіслано {n} людині", "надіслано {n} людям", "надіслано {n} людям"],
    "bot.notify.rollover.givenRenewed": [
      "{n} намір продовжено",
      "{n} наміри продовжено",
      "{n} намірів продовжено",
    ],
    "bot.notify.rollover.givenLapsed": [
      "{n} намір згорів",
      "{n} наміри згоріли",
      "{n} намірів згоріло",
    ],
    "bot.notify.rollover.givenOverdue": [
      "{n} зобовʼязання прострочено",
      "{n} зобовʼязання прострочено",
      "{n} зобовʼязань прострочено",
    ],
    "bot.notify.rollover.receivedRenewed": [
      "{n} намір на вашу користь продовжено",
      "{n} наміри на вашу користь продовжено",
      "{n} намірів на вашу користь продовжено",
    ],
    "bot.notify.rollover.receivedOverdue": [
      "{n} обіцянку вам прострочено",
      "{n} обіцянки вам прострочено",
      "{n} обіцянок вам прострочено",
    ],
    "bot.notify.emergencyReminder.deadline": ["за {n} годину.", "за {n} години.", "за {n} годин."],
    "bot.notify.emergencyReminder.missing": ["за {n} годину.", "за {n} години.", "за {n} годин."],
    "bot.notify.emergencyReminder.covered": ["за {n} годину.", "за {n} години.", "за {n} годин."],
    "bot.notify.clearing.more": ["і ще {n} учасник", "і ще {n} учасники", "і ще {n} учасників"],
    "pools.members": ["{n} учасник", "{n} учасники", "{n} учасників"],
    "pool.backersNeeded": [
      "потрібне {n} підтвердження",
      "потрібні {n} підтвердження",
      "потрібно {n} підтверджень",
    ],
    "pool.answerDays": ["протягом {n} дня", "протягом {n} днів", "протягом {n} днів"],
  },
};

/** Which of the three forms each count takes in Russian and Ukrainian, by the rule of the grammar. */
const formOf: Record<number, 0 | 1 | 2> = { 1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 25: 2 };
const counts = Object.keys(formOf).map(Number);

/** The phrase, not cut out of longer words ("2 дні" must not pass inside "2 днів"). */
function wholeWords(phrase: string): RegExp {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\d])${escaped}(?![\\p{L}])`, "u");
}

/** Every key with plural forms, without its suffix: "home.daysLeft" for "home.daysLeft_one". */
function pluralFamilies(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") {
    const family = prefix.match(/^(.*)_(one|few|many|other)$/)?.[1];
    return family ? [family] : [];
  }
  const keys = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    pluralFamilies(v, prefix ? `${prefix}.${k}` : k),
  );
  return [...new Set(keys)];
}

describe.each(["ru", "uk"] as const)("counted words in %s", (language) => {
  const t = i18next.createInstance();
  const ready = t.init({
    lng: language,
    resources: { [language]: { translation: resources[language] as Resources } },
    interpolation: { escapeValue: false },
  });

  it("list every plural family in the table of forms", () => {
    expect(pluralFamilies(resources[language]).sort()).toEqual(
      Object.keys(expected[language]).sort(),
    );
  });

  it.each(Object.entries(expected[language]))(
    "say %s right for 1, 2, 5, 11, 21, 22, 25",
    async (key, forms) => {
      await ready;
      for (const count of counts) {
        const text = t.t(key, { count, name: "X", amount: "$1", member: "X", days: "…" });
        const phrase = (forms[formOf[count] as number] as string).replace("{n}", String(count));
        expect(text, `${key} with ${count}`).toMatch(wholeWords(phrase));
      }
    },
  );
});
