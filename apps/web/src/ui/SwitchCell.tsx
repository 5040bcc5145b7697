import type { ReactNode } from "react";
import { hapticSelection } from "../telegram.ts";
import "./choice.css";

/**
 * A cell with a switch at its end (the UI kit's Cell with a Switch after it): the whole row is the
 * label, so a tap anywhere on it flips the switch.
 */
export function SwitchCell({
  children,
  subtitle,
  checked,
  disabled,
  onChange,
  testId,
}: {
  children: ReactNode;
  subtitle?: ReactNode;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
  testId?: string;
}) {
  return (
    <label className="ui-cell ui-cell-action ui-choice-cell" data-testid={testId}>
      <span className="ui-cell-middle">
        <span className="ui-cell-title">{children}</span>
        {subtitle && <span className="ui-cell-subtitle ui-choice-subtitle">{subtitle}</span>}
      </span>
      <input
        type="checkbox"
        role="switch"
        aria-checked={checked}
        className="ui-switch"
        checked={checked}
        disabled={disabled}
        onChange={(e) => {
          hapticSelection();
          onChange(e.target.checked);
        }}
      />
    </label>
  );
}
