import type { TextRule } from "./text.ts";

/**
 * A need's story and updates (DOMAIN.md, "A need's story"): the limits as plain numbers, so the web
 * app can count characters without shipping zod.
 */
export const MAX_STORY = 500;
export const MAX_UPDATE = 500;

/** The story is several lines, or nothing (an empty one clears it). */
export const storyText: TextRule = {
  max: MAX_STORY,
  multiline: true,
  allowEmpty: true,
  errors: { tooLong: "errors.story.tooLong" },
};

/** An update says something: never empty. */
export const updateText: TextRule = {
  max: MAX_UPDATE,
  multiline: true,
  errors: { empty: "errors.story.updateEmpty", tooLong: "errors.story.updateTooLong" },
};

/**
 * The same text posted again this soon is the same post sent twice (a double tap, a retry after a
 * lost answer), not news: long enough for a retry, short enough that saying it again later is heard.
 */
export const UPDATE_REPEAT_MS = 2 * 60 * 1000;
