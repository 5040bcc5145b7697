import type { Resources } from "./en.ts";

export const uk: Resources = {
  app: {
    name: "Exodus",
    loading: "Завантаження…",
    retry: "Спробувати знову",
    openInTelegram:
      "Відкрийте Exodus з Telegram: ця сторінка працює всередині застосунку Telegram.",
    offline: "Не вдається з'єднатися з Exodus. Перевірте з'єднання та спробуйте знову.",
  },
  status: {
    green: "Можу допомагати",
    orange: "Потрібна щомісячна підтримка",
    red: "Надзвичайна ситуація",
    greenHint: "Вам нічого не потрібно, і ви можете допомагати іншим.",
    orangeHint: "Попросіть мережу про щомісячну підтримку з ціллю на місяць.",
    redHint: "Попросіть термінової допомоги: ціль і строк у днях.",
  },
  profile: {
    title: "Мій профіль",
    status: "Статус",
    monthlyGoal: "Ціль на місяць: {{amount}}",
    emergencyGoal: "Термінова ціль: {{amount}}",
    deadline_one: "Залишився {{count}} день",
    deadline_few: "Залишилося {{count}} дні",
    deadline_many: "Залишилося {{count}} днів",
    deadline_other: "Залишилося {{count}} дня",
    deadlineToday: "Закінчується сьогодні",
    paused: "Щомісячний збір призупинено на час надзвичайної ситуації",
    changeStatus: "Змінити статус",
  },
  statusForm: {
    title: "Змінити статус",
    goal: "Ціль на місяць",
    emergencyGoal: "Термінова ціль",
    days: "Строк, днів (1–30)",
    save: "Зберегти",
    cancel: "Скасувати",
    openMonthly: "Попросити щомісячну підтримку",
    changeGoal: "Змінити ціль",
    closeMonthly: "Мені зараз нічого не потрібно",
    openEmergency: "Відкрити терміновий збір",
    endEmergency: "Завершити терміновий збір",
    saved: "Збережено",
  },
  dev: {
    banner: "Режим розробки",
    back: "Назад",
    member: "Учасник",
    theme: "Тема",
    light: "Світла",
    dark: "Темна",
  },
  errors: {
    amount: {
      required: "Введіть суму.",
      notANumber: "Введіть суму числом, наприклад 25 або 25,50.",
      tooManyDecimals: "Забагато знаків після коми: копійки — найменша одиниця.",
      notPositive: "Сума має бути більшою за нуль.",
      tooLarge: "Завелика сума.",
    },
    days: { range: "Виберіть від 1 до 30 днів." },
    status: {
      notAllowed: "З поточного статусу така зміна неможлива.",
    },
    auth: {
      missing: "Відкрийте Exodus з Telegram, щоб увійти.",
      invalid: "Telegram не підтвердив, хто ви. Відкрийте Exodus з Telegram знову.",
      expired: "Сеанс закінчився. Відкрийте Exodus з Telegram знову.",
    },
    unknown: "Щось пішло не так. Спробуйте ще раз.",
  },
  bot: {
    welcome:
      "Ласкаво просимо до Exodus, {{name}}!\n\nExodus веде облік взаємодопомоги між друзями: кому потрібна допомога, хто що обіцяв, що передано й підтверджено.",
    welcomeInvite:
      "Ласкаво просимо до Exodus, {{name}}! Вас запросив друг: відкрийте Exodus, щоб побачити, кому потрібна допомога.",
    open: "Відкрити Exodus",
    startCommand: "Відкрити Exodus і побачити, кому потрібна допомога",
    menu: "Exodus",
  },
};
