import type { ReactNode } from "react";
import "./choice.css";

/**
 * A cell that is one choice of several (the UI kit's Cell with a Radio or a Selectable): a radio
 * drawn as Telegram draws it, in theme colours (never a bright white circle in dark mode). The
 * whole row is the label.
 */
export function SelectCell({
  name,
  value,
  checked,
  onChange,
  before,
  children,
  subtitle,
  lang,
  testId,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  before?: ReactNode;
  children: ReactNode;
  subtitle?: ReactNode;
  lang?: string;
  testId?: string;
}) {
  return (
    <label className="ui-cell ui-cell-action ui-choice-cell" data-testid={testId}>
      <input
        type="radio"
        className="ui-radio"
        name={name}
        value={value}
        checked={checked}
        onChange={onChange}
      />
      {before && <span className="ui-cell-before">{before}</span>}
      <span className="ui-cell-middle">
        <span className="ui-cell-title" lang={lang}>
          {children}
        </span>
        {subtitle && <span className="ui-cell-subtitle ui-choice-subtitle">{subtitle}</span>}
      </span>
    </label>
  );
}
