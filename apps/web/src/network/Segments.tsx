/**
 * A row of segments that switch what a list below shows (WAI-ARIA tabs: arrow keys move along).
 * Scrolls sideways on a narrow phone instead of wrapping.
 */
export function Segments<K extends string>({
  label,
  options,
  value,
  onChange,
  panelId,
}: {
  label: string;
  options: readonly { key: K; label: string }[];
  value: K;
  onChange: (key: K) => void;
  panelId: string;
}) {
  function onKeyDown(event: React.KeyboardEvent, index: number) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = options[(index + step + options.length) % options.length];
    if (next) {
      onChange(next.key);
      document.getElementById(`${panelId}-${next.key}`)?.focus();
    }
  }
  return (
    <div className="segments" role="tablist" aria-label={label}>
      {options.map((option, index) => (
        <button
          key={option.key}
          id={`${panelId}-${option.key}`}
          type="button"
          role="tab"
          aria-selected={option.key === value}
          aria-controls={panelId}
          tabIndex={option.key === value ? 0 : -1}
          className="segment"
          onClick={() => onChange(option.key)}
          onKeyDown={(e) => onKeyDown(e, index)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
