import type { ReactNode } from "react";

/** What an empty list says: what it would hold, and what to do next. */
export function EmptyState({
  icon,
  title,
  text,
  action,
}: {
  icon: string;
  title: string;
  text: string;
  action?: ReactNode;
}) {
  return (
    <section className="card empty" data-testid="empty-state">
      <span className="empty-icon" aria-hidden="true">
        {icon}
      </span>
      <strong>{title}</strong>
      <p className="hint">{text}</p>
      {action}
    </section>
  );
}
