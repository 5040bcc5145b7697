import type { ThemeParams } from "@telegram-apps/sdk-react";

/** Telegram's own default palettes, so development mode looks like the app inside Telegram. */
export const devThemes = {
  light: {
    accent_text_color: "#3390ec",
    bg_color: "#ffffff",
    button_color: "#3390ec",
    button_text_color: "#ffffff",
    destructive_text_color: "#e53935",
    header_bg_color: "#ffffff",
    hint_color: "#707579",
    link_color: "#3390ec",
    secondary_bg_color: "#f4f4f5",
    section_bg_color: "#ffffff",
    section_header_text_color: "#3390ec",
    section_separator_color: "#e7e7e7",
    subtitle_text_color: "#707579",
    text_color: "#000000",
    bottom_bar_bg_color: "#ffffff",
  },
  dark: {
    accent_text_color: "#8774e1",
    bg_color: "#212121",
    button_color: "#8774e1",
    button_text_color: "#ffffff",
    destructive_text_color: "#ff595a",
    header_bg_color: "#212121",
    hint_color: "#aaaaaa",
    link_color: "#8774e1",
    secondary_bg_color: "#0f0f0f",
    section_bg_color: "#212121",
    section_header_text_color: "#8774e1",
    section_separator_color: "#000000",
    subtitle_text_color: "#aaaaaa",
    text_color: "#ffffff",
    bottom_bar_bg_color: "#212121",
  },
} satisfies Record<string, Record<string, `#${string}`>>;

export type DevTheme = keyof typeof devThemes;
export type { ThemeParams };
