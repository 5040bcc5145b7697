import type { ButtonHTMLAttributes } from "react";
import "./ui.css";

/**
 * The UI kit's buttons, in Telegram's theme colours: `filled` for the one thing a screen is for
 * (most screens hand that to Telegram's MainButton instead), `bezeled` (a tinted plate) for the
 * next one, `plain` (text only) for the rest; `destructive` colours any of them for what cannot be
 * taken back. `stretched` takes the whole width.
 */
export function Button({
  mode = "bezeled",
  size = "m",
  destructive,
  stretched,
  className,
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  mode?: "filled" | "bezeled" | "plain";
  size?: "s" | "m" | "l";
  destructive?: boolean;
  stretched?: boolean;
}) {
  const classes = [
    "ui-button",
    `ui-button-${mode}`,
    `ui-button-${size}`,
    destructive ? "ui-button-destructive" : "",
    stretched ? "ui-button-stretched" : "",
    className ?? "",
  ]
    .filter(Boolean)
    .join(" ");
  return <button type={type} className={classes} {...rest} />;
}
