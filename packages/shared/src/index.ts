export * from "./i18n/index.ts";
export * from "./language.ts";
export * from "./links.ts";
export * from "./money.ts";
export * from "./period.ts";
export * from "./pledge.ts";
export * from "./status.ts";
export * from "./text.ts";
