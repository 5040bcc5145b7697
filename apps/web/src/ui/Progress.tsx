import "./ui.css";

/** A thin bar of how far something is covered (the UI kit's Progress), with its value for AT. */
export function Progress({ value, label }: { value: number; label: string }) {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className="ui-progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="ui-progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
