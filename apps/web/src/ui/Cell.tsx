import type { ReactNode } from "react";
import { Link } from "wouter";
import "./ui.css";

interface CellProps {
  /** What stands at the start: an avatar, an icon, an emoji. */
  before?: ReactNode;
  /** The cell's title. */
  children: ReactNode;
  /** A second line under the title, in the hint colour. */
  subtitle?: ReactNode;
  /** What stands at the end: a value, a badge, a switch. */
  after?: ReactNode;
  /** A tappable cell leads somewhere (a chevron says so) … */
  to?: string;
  /** … or does something. */
  onClick?: () => void;
  /** A cell that only reads (a figure, a line of text) wraps its title instead of cutting it. */
  multiline?: boolean;
  testId?: string;
}

/**
 * One row of a Section (the UI kit's Cell): before · title and subtitle · after, at least 48 px
 * high; a link or a button when it does something, with Telegram's pressed highlight.
 */
export function Cell({
  before,
  children,
  subtitle,
  after,
  to,
  onClick,
  multiline,
  testId,
}: CellProps) {
  const className = `ui-cell${to || onClick ? " ui-cell-action" : ""}${multiline ? " ui-cell-multiline" : ""}`;
  const content = (
    <>
      {before && <span className="ui-cell-before">{before}</span>}
      <span className="ui-cell-middle">
        <span className="ui-cell-title">{children}</span>
        {subtitle && <span className="ui-cell-subtitle">{subtitle}</span>}
      </span>
      {after && <span className="ui-cell-after">{after}</span>}
      {to && (
        <span className="ui-cell-chevron" aria-hidden="true">
          ›
        </span>
      )}
    </>
  );
  if (to) {
    return (
      <Link to={to} className={className} data-testid={testId}>
        {content}
      </Link>
    );
  }
  if (onClick) {
    return (
      <button type="button" className={className} onClick={onClick} data-testid={testId}>
        {content}
      </button>
    );
  }
  return (
    <div className={className} data-testid={testId}>
      {content}
    </div>
  );
}
