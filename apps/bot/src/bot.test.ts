import { setTimeout as sleep } from "node:timers/promises";
import { type Language, resources } from "@exodus/shared";
import { BotError } from "grammy";
import type { Chat, Update, User } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type BotOptions, createBot } from "./bot.ts";
import { configureBot } from "./configure.ts";
import { startBot } from "./polling.ts";
import { type FakeBotApi, startFakeBotApi, testBotInfo } from "./testing/fake-bot-api.ts";

const token = "1000001:test-token";
const miniAppUrl = "https://exodus.example/app";
const anna: User = { id: 42, is_bot: false, first_name: "Anna", language_code: "en" };

let api: FakeBotApi;
beforeEach(async () => {
  api = await startFakeBotApi({ longPollMs: 50 });
});
afterEach(async () => {
  await api.close();
});

/** A bot wired to the fake Bot API, knowing who it is, with nobody a member unless told. */
function testBot(options: Partial<BotOptions> = {}) {
  return createBot({
    token,
    miniAppUrl,
    apiRoot: api.apiRoot,
    botInfo: testBotInfo,
    memberLanguage: async () => null,
    ...options,
  });
}

/** A text message as Telegram delivers it, with the command entity a typed command carries. */
function message(text: string, from: User = anna, chat?: Chat): Omit<Update, "update_id"> {
  const command = /^\/\S+/.exec(text)?.[0];
  return {
    message: {
      message_id: 7,
      date: 1_700_000_000,
      chat: chat ?? { id: from.id, type: "private", first_name: from.first_name },
      from,
      text,
      ...(command
        ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] }
        : {}),
    } as Update["message"] & {},
  };
}

let nextUpdateId = 1;
function update(text: string, from?: User, chat?: Chat): Update {
  return { update_id: nextUpdateId++, ...message(text, from, chat) };
}

/** The welcome as the person reads it: the text in their language and the one button. */
function welcome(
  language: Language,
  { name = "Anna", invited = false, url = miniAppUrl, chatId = 42 } = {},
) {
  const strings = resources[language].bot;
  const template = invited ? strings.welcomeInvite : strings.welcome;
  return {
    method: "sendMessage",
    body: {
      chat_id: chatId,
      text: template.replace("{{name}}", name),
      reply_markup: { inline_keyboard: [[{ text: strings.open, web_app: { url } }]] },
    },
  };
}

describe("/start", () => {
  it("welcomes a newcomer in English with a button that opens the Mini App", async () => {
    await testBot().handleUpdate(update("/start"));

    expect(api.requests).toEqual([welcome("en")]);
    expect(api.requests[0]?.body.text).toMatch(/^Welcome to Exodus, Anna!/);
  });

  it("carries an invite code into the Mini App and says a friend invited them", async () => {
    const bot = testBot({ miniAppUrl: "https://exodus.example/app?v=2" });
    await bot.handleUpdate(update("/start abc_DEF-123"));

    expect(api.requests).toEqual([
      welcome("en", {
        invited: true,
        url: "https://exodus.example/app?v=2&startapp=abc_DEF-123",
      }),
    ]);
  });

  it.each([
    ["characters outside Telegram's alphabet", "<script>"],
    ["more than 64 characters", "a".repeat(65)],
    ["letters Telegram does not allow", "код"],
  ])("drops a payload with %s and gives the plain welcome", async (_, payload) => {
    await testBot().handleUpdate(update(`/start ${payload}`));

    expect(api.requests).toEqual([welcome("en")]);
  });

  it("answers in Russian when Telegram says the person speaks Russian", async () => {
    await testBot().handleUpdate(update("/start", { ...anna, language_code: "ru" }));

    expect(api.requests).toEqual([welcome("ru")]);
  });

  it("answers a member in the language they chose in Exodus, not Telegram's", async () => {
    const memberLanguage = vi.fn(async (id: number) => (id === 42 ? ("uk" as const) : null));
    const bot = testBot({ memberLanguage });
    await bot.handleUpdate(update("/start friend42", { ...anna, language_code: "ru" }));

    expect(memberLanguage).toHaveBeenCalledWith(42);
    expect(api.requests).toEqual([
      welcome("uk", { invited: true, url: `${miniAppUrl}?startapp=friend42` }),
    ]);
  });

  it("still welcomes, in Telegram's language, when the member's language cannot be read", async () => {
    const onError = vi.fn();
    const memberLanguage = async () => {
      throw new Error("database down");
    };
    const bot = testBot({ memberLanguage, onError });
    await bot.handleUpdate(update("/start", { ...anna, language_code: "ru" }));

    expect(api.requests).toEqual([welcome("ru")]);
    expect(onError).toHaveBeenCalledOnce();
  });

  it("greets a name exactly as it is typed", async () => {
    const name = "O'Brien <3 & co";
    await testBot().handleUpdate(update("/start", { ...anna, first_name: name }));

    expect(api.requests).toEqual([welcome("en", { name })]);
  });

  it("stays silent in a group, where Telegram refuses Mini App buttons", async () => {
    const group: Chat = { id: -100, type: "group", title: "Friends" };
    await testBot().handleUpdate(update("/start", anna, group));

    expect(api.requests).toEqual([]);
  });
});

describe("configureBot", () => {
  it("points the menu button at the Mini App and describes /start in every language", async () => {
    await configureBot(testBot(), miniAppUrl);

    expect(api.requests).toEqual([
      {
        method: "setChatMenuButton",
        body: { menu_button: { type: "web_app", text: "Exodus", web_app: { url: miniAppUrl } } },
      },
      {
        method: "setMyCommands",
        body: {
          commands: [
            { command: "start", description: "Open Exodus and see who needs help" },
            { command: "help", description: "What Exodus is and how it works" },
            { command: "lang", description: "Choose the language" },
          ],
        },
      },
      {
        method: "setMyCommands",
        body: {
          commands: [
            { command: "start", description: "Открыть Exodus и увидеть, кому нужна помощь" },
            { command: "help", description: "Что такое Exodus и как он работает" },
            { command: "lang", description: "Выбрать язык" },
          ],
          language_code: "ru",
        },
      },
      {
        method: "setMyCommands",
        body: {
          commands: [
            { command: "start", description: "Відкрити Exodus і побачити, кому потрібна допомога" },
            { command: "help", description: "Що таке Exodus і як він працює" },
            { command: "lang", description: "Обрати мову" },
          ],
          language_code: "uk",
        },
      },
    ]);
  });
});

/** A directory of members held in memory: who is a member, in which language, and reachable. */
function directory(known: Record<number, Language> = {}) {
  const languages = new Map(Object.entries(known).map(([id, l]) => [Number(id), l]));
  const reachable = new Map<number, boolean>();
  return {
    languages,
    reachable,
    members: {
      language: async (id: number) => languages.get(id) ?? null,
      setLanguage: async (id: number, language: Language) => {
        if (!languages.has(id)) return false;
        languages.set(id, language);
        return true;
      },
      setReachable: async (id: number, value: boolean) => {
        reachable.set(id, value);
      },
    },
  };
}

const openButton = (language: Language) => ({
  inline_keyboard: [[{ text: resources[language].bot.open, web_app: { url: miniAppUrl } }]],
});

describe("the bot's other commands", () => {
  it("/help says what Exodus is, in the member's language, with the button", async () => {
    const { members } = directory({ 42: "ru" });
    await testBot({ members }).handleUpdate(update("/help"));
    expect(api.requests).toEqual([
      {
        method: "sendMessage",
        body: { chat_id: 42, text: resources.ru.bot.help, reply_markup: openButton("ru") },
      },
    ]);
    expect(api.requests[0]?.body.text).toMatch(/^Exodus ведёт учёт взаимопомощи/);
  });

  it("/lang offers three languages and saves the one tapped, answering in it", async () => {
    const dir = directory({ 42: "en" });
    const bot = testBot({ members: dir.members });
    await bot.handleUpdate(update("/lang"));
    expect(api.requests[0]?.body).toMatchObject({
      chat_id: 42,
      text: "Choose your language:",
      reply_markup: {
        inline_keyboard: [
          [
            { text: "🇬🇧 English", callback_data: "lang:en" },
            { text: "🇷🇺 Русский", callback_data: "lang:ru" },
            { text: "🇺🇦 Українська", callback_data: "lang:uk" },
          ],
        ],
      },
    });
    await bot.handleUpdate({
      update_id: nextUpdateId++,
      callback_query: {
        id: "cb1",
        from: anna,
        chat_instance: "1",
        data: "lang:uk",
        message: {
          message_id: 8,
          date: 1_700_000_000,
          chat: { id: 42, type: "private", first_name: "Anna" },
          text: "Choose your language:",
        },
      },
    } as Update);
    expect(dir.languages.get(42)).toBe("uk");
    expect(api.requests.slice(1).map((r) => r.method)).toEqual([
      "answerCallbackQuery",
      "editMessageText",
    ]);
    expect(api.requests[2]?.body).toMatchObject({
      chat_id: 42,
      message_id: 8,
      text: resources.uk.bot.langSaved,
    });
  });

  it("answers anything else with a short pointer into the Mini App", async () => {
    const { members } = directory();
    await testBot({ members }).handleUpdate(update("hello?"));
    expect(api.requests).toEqual([
      {
        method: "sendMessage",
        body: { chat_id: 42, text: resources.en.bot.unknown, reply_markup: openButton("en") },
      },
    ]);
  });

  it("marks a member unreachable when they block the bot, and reachable when they start it again", async () => {
    const dir = directory({ 42: "en" });
    const bot = testBot({ members: dir.members });
    const chatMember = (status: "kicked" | "member") =>
      ({
        update_id: nextUpdateId++,
        my_chat_member: {
          chat: { id: 42, type: "private", first_name: "Anna" },
          from: anna,
          date: 1_700_000_000,
          old_chat_member: { user: testBotInfo, status: status === "kicked" ? "member" : "kicked" },
          new_chat_member: { user: testBotInfo, status },
        },
      }) as Update;
    await bot.handleUpdate(chatMember("kicked"));
    expect(dir.reachable.get(42)).toBe(false);
    await bot.handleUpdate(update("/start"));
    expect(dir.reachable.get(42)).toBe(true);
    await bot.handleUpdate(chatMember("kicked"));
    await bot.handleUpdate(chatMember("member"));
    expect(dir.reachable.get(42)).toBe(true);
    // Only the /start was answered: changes of membership are not messages.
    expect(api.requests.map((r) => r.method)).toEqual(["sendMessage"]);
  });
});

describe("startBot", () => {
  const options = () => ({
    token,
    miniAppUrl,
    apiRoot: api.apiRoot,
    memberLanguage: async () => null,
    onError: vi.fn(),
  });

  it("answers a /start that arrives by long polling, and stop() ends polling", async () => {
    const opts = options();
    const running = startBot(opts);
    const { update_id } = api.queueUpdate(message("/start"));

    expect((await api.waitFor("sendMessage")).body).toEqual(welcome("en").body);
    await api.waitFor("setMyCommands", { count: 3 });
    await running.stop();

    expect(running.bot.isRunning()).toBe(false);
    // The last getUpdates confirms the handled update, so a restart does not answer it twice.
    expect(api.requests.filter((r) => r.method === "getUpdates").at(-1)?.body).toMatchObject({
      offset: update_id + 1,
    });
    const calls = api.requests.length;
    await sleep(200);
    expect(api.requests.length).toBe(calls);
    expect(new Set(api.requests.map((r) => r.method))).toEqual(
      new Set([
        "getMe",
        "deleteWebhook",
        "setChatMenuButton",
        "setMyCommands",
        "getUpdates",
        "sendMessage",
      ]),
    );
    expect(opts.onError).not.toHaveBeenCalled();
  });

  it("reports an update that fails and goes on to answer the next one", async () => {
    let failures = 0;
    api.answer("sendMessage", (body) =>
      failures++ === 0
        ? { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }
        : { ok: true, result: { message_id: 1, date: 0, chat: { id: body.chat_id } } },
    );
    const opts = options();
    const running = startBot(opts);
    api.queueUpdate(message("/start"));
    api.queueUpdate(message("/start", { ...anna, id: 43, first_name: "Boris" }));

    const second = await api.waitFor("sendMessage", { count: 2 });
    await running.stop();

    expect(second.body).toEqual(welcome("en", { name: "Boris", chatId: 43 }).body);
    expect(opts.onError).toHaveBeenCalledOnce();
    expect(opts.onError.mock.calls[0]?.[0]).toBeInstanceOf(BotError);
  });

  it("reports a token Telegram refuses instead of taking the host down", async () => {
    const unauthorized = () => ({
      ok: false as const,
      error_code: 401,
      description: "Unauthorized",
    });
    for (const method of ["getMe", "deleteWebhook", "setChatMenuButton", "getUpdates"]) {
      api.answer(method, unauthorized);
    }
    const opts = options();
    const running = startBot(opts);

    await vi.waitFor(() => expect(opts.onError).toHaveBeenCalledTimes(2));
    await running.stop();

    const messages = opts.onError.mock.calls.map(([error]) => (error as Error).message).sort();
    expect(messages).toEqual([
      "Could not configure the bot with Telegram",
      "The bot stopped polling Telegram",
    ]);
    expect(running.bot.isRunning()).toBe(false);
  });
});
