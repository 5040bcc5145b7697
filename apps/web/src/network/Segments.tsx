import { useEffect, useRef, useState } from "react";

/**
 * A row of segments that switch what a list below shows (WAI-ARIA tabs: arrow keys move along),
 * drawn as the UI kit's SegmentedControl. Scrolls sideways on a narrow phone instead of wrapping;
 * a fade at an edge says more is there.
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
  const row = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = row.current;
    if (!box || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setOverflows(box.scrollWidth > box.clientWidth + 1));
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  // The picked segment is always in view, even one far along a row wider than the phone.
  useEffect(() => {
    const picked = document.getElementById(`${panelId}-${value}`);
    if (!picked || !row.current) return;
    const box = row.current;
    const start = picked.offsetLeft - box.offsetLeft;
    if (start < box.scrollLeft || start + picked.offsetWidth > box.scrollLeft + box.clientWidth) {
      box.scrollLeft = start - 24;
    }
  }, [panelId, value]);
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
    <div
      ref={row}
      className={[
        "segments",
        options.length <= 3 ? "segments-fit" : "",
        overflows ? "segments-scroll" : "",
      ]
        .filter(Boolean)
        .join(" ")}
      role="tablist"
      aria-label={label}
    >
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
