/**
 * Telegram's look, matched point by point with its UI kit (@telegram-apps/telegram-ui: Section,
 * Cell, Button, Progress) in the client's theme colours. The kit itself costs ~11 kB of gzipped
 * JavaScript and 14 kB of CSS on the first screen, which the first screen's budget (150 kB) has
 * no room for; these weigh about 1 kB.
 */
export { Button } from "./Button.tsx";
export { ButtonCell } from "./ButtonCell.tsx";
export { Cell } from "./Cell.tsx";
export { Progress } from "./Progress.tsx";
export { Section } from "./Section.tsx";
