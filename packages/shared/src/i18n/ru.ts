import type { Resources } from "./en.ts";

export const ru: Resources = {
  app: {
    name: "Exodus",
    loading: "Загрузка…",
    retry: "Попробовать снова",
    openInTelegram:
      "Откройте Exodus из Telegram: эта страница работает внутри приложения Telegram.",
    offline: "Не удаётся связаться с Exodus. Проверьте соединение и попробуйте снова.",
  },
  status: {
    green: "Могу помогать",
    orange: "Нужна ежемесячная поддержка",
    red: "Экстренная ситуация",
    greenHint: "Вам ничего не нужно, и вы можете помогать другим.",
    orangeHint: "Попросите сеть о ежемесячной поддержке с целью на месяц.",
    redHint: "Попросите срочной помощи: цель и срок в днях.",
  },
  profile: {
    title: "Мой профиль",
    status: "Статус",
    monthlyGoal: "Цель на месяц: {{amount}}",
    emergencyGoal: "Экстренная цель: {{amount}}",
    deadline_one: "Остался {{count}} день",
    deadline_few: "Осталось {{count}} дня",
    deadline_many: "Осталось {{count}} дней",
    deadline_other: "Осталось {{count}} дня",
    deadlineToday: "Заканчивается сегодня",
    paused: "Ежемесячный сбор приостановлен на время экстренной ситуации",
    changeStatus: "Изменить статус",
  },
  statusForm: {
    title: "Изменить статус",
    goal: "Цель на месяц",
    emergencyGoal: "Экстренная цель",
    days: "Срок, дней (1–30)",
    save: "Сохранить",
    cancel: "Отмена",
    openMonthly: "Попросить ежемесячную поддержку",
    changeGoal: "Изменить цель",
    closeMonthly: "Мне сейчас ничего не нужно",
    openEmergency: "Открыть экстренный сбор",
    endEmergency: "Завершить экстренный сбор",
    saved: "Сохранено",
  },
  dev: {
    banner: "Режим разработки",
    back: "Назад",
    member: "Участник",
    theme: "Тема",
    light: "Светлая",
    dark: "Тёмная",
  },
  errors: {
    amount: {
      required: "Введите сумму.",
      notANumber: "Введите сумму числом, например 25 или 25,50.",
      tooManyDecimals: "Слишком много знаков после запятой: копейки — наименьшая единица.",
      notPositive: "Сумма должна быть больше нуля.",
      tooLarge: "Слишком большая сумма.",
    },
    days: { range: "Выберите от 1 до 30 дней." },
    status: {
      notAllowed: "Из текущего статуса такое изменение невозможно.",
    },
    auth: {
      missing: "Откройте Exodus из Telegram, чтобы войти.",
      invalid: "Telegram не подтвердил, кто вы. Откройте Exodus из Telegram заново.",
      expired: "Сеанс истёк. Откройте Exodus из Telegram заново.",
    },
    unknown: "Что-то пошло не так. Попробуйте ещё раз.",
  },
  bot: {
    welcome:
      "Добро пожаловать в Exodus, {{name}}!\n\nExodus ведёт учёт взаимопомощи между друзьями: кому нужна помощь, кто что обещал, что передано и подтверждено.",
    welcomeInvite:
      "Добро пожаловать в Exodus, {{name}}! Вас пригласил друг: откройте Exodus, чтобы увидеть, кому нужна помощь.",
    open: "Открыть Exodus",
    startCommand: "Открыть Exodus и увидеть, кому нужна помощь",
    menu: "Exodus",
  },
};
