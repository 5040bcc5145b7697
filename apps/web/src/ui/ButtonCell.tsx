import type { ReactNode } from "react";
import "./ui.css";

/**
 * A cell that is a button (the UI kit's ButtonCell): a row of a Section in the link colour, or the
 * destructive colour for what cannot be taken back, as Telegram's "Delete contact" or "Log out".
 */
export function ButtonCell({
  children,
  before,
  onClick,
  destructive,
  disabled,
  type = "button",
  testId,
}: {
  children: ReactNode;
  before?: ReactNode;
  onClick?: () => void;
  destructive?: boolean;
  disabled?: boolean;
  /** "submit" sends the form it stands in. */
  type?: "button" | "submit";
  testId?: string;
}) {
  const className = `ui-cell ui-cell-action ui-button-cell${destructive ? " ui-button-cell-destructive" : ""}`;
  return (
    <button
      type={type}
      className={className}
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
    >
      {before && <span className="ui-cell-before">{before}</span>}
      <span className="ui-cell-middle">
        <span className="ui-cell-title">{children}</span>
      </span>
    </button>
  );
}
