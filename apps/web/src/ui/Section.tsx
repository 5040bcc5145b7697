import type { ReactNode } from "react";
import "./ui.css";

/**
 * A group of cells as Telegram's settings draw it (the UI kit's Section): a caption above, the
 * cells on one rounded plate with inset separators, a hint below. `header` names the section for
 * screen readers too.
 */
export function Section({
  header,
  footer,
  children,
  id,
  testId,
}: {
  header?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
  id?: string;
  testId?: string;
}) {
  const headerId = id && header ? `${id}-header` : undefined;
  return (
    <section className="ui-section" id={id} aria-labelledby={headerId} data-testid={testId}>
      {header && (
        <h2 className="ui-section-header" id={headerId}>
          {header}
        </h2>
      )}
      <div className="ui-section-body">{children}</div>
      {footer && <p className="ui-section-footer">{footer}</p>}
    </section>
  );
}
