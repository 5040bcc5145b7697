import { hapticSelection } from "../telegram.ts";
import "./choice.css";

/**
 * A few options side by side on one tinted plate (the UI kit's SegmentedControl), as radios: the
 * picked one stands out as a raised segment. Every option gets an equal share of the width and
 * its label wraps rather than being cut.
 */
export function SegmentedControl<K extends string>({
  name,
  label,
  options,
  value,
  onChange,
}: {
  name: string;
  label: string;
  options: readonly { key: K; label: string; lang?: string }[];
  value: K | undefined;
  onChange: (key: K) => void;
}) {
  return (
    <fieldset className="ui-segmented">
      <legend className="visually-hidden">{label}</legend>
      {options.map((option) => (
        <label
          key={option.key}
          className={option.key === value ? "ui-segment ui-segment-checked" : "ui-segment"}
        >
          <input
            type="radio"
            name={name}
            value={option.key}
            lang={option.lang}
            checked={option.key === value}
            onChange={() => {
              hapticSelection();
              onChange(option.key);
            }}
          />
          <span lang={option.lang}>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
