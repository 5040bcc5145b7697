import {
  Component,
  type ComponentType,
  type ErrorInfo,
  Fragment,
  lazy,
  type ReactNode,
} from "react";
import { useTranslation } from "react-i18next";

/**
 * A screen's code that did not arrive (offline, or a deploy replaced the files this page knows).
 * React keeps a lazy component's failure for good, so only loading the page again can retry it.
 */
export class ChunkLoadError extends Error {
  constructor(cause: unknown) {
    super("A screen's code could not be loaded", { cause });
    this.name = "ChunkLoadError";
  }
}

/** React.lazy whose failure to load says so, for the boundary to offer a reload. */
export function lazyScreen<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(() =>
    load().catch((error: unknown) => {
      throw new ChunkLoadError(error);
    }),
  );
}

interface Props {
  /** Where the app is: moving elsewhere leaves a broken screen behind. */
  resetKey: string;
  /**
   * Called before the screens mount again: what made one fail may be in a cache (data it could not
   * draw) that a retry must not draw again.
   */
  onReset?: () => void;
  children: ReactNode;
}

/**
 * The shell's safety net: a screen that throws while rendering (or whose code failed to load) is
 * replaced by a translated card with a retry, instead of a blank app. Retry mounts the screen
 * afresh; for code that failed to load it reloads the page.
 */
export class ErrorBoundary extends Component<Props, { error: unknown; attempt: number }> {
  override state = { error: null as unknown, attempt: 0 };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("A screen failed", error, info.componentStack);
  }

  override componentDidUpdate(previous: Props) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) {
      this.props.onReset?.();
      this.setState({ error: null });
    }
  }

  override render() {
    const { error } = this.state;
    // A new attempt is a new key: the screen mounts afresh, its state and queries' hooks anew.
    if (!error) return <Fragment key={this.state.attempt}>{this.props.children}</Fragment>;
    const chunk = error instanceof ChunkLoadError;
    return (
      <ScreenFailed
        chunk={chunk}
        onRetry={() => {
          if (chunk) {
            location.reload();
            return;
          }
          this.props.onReset?.();
          this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
        }}
      />
    );
  }
}

function ScreenFailed({ chunk, onRetry }: { chunk: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="page">
      <section className="card" role="alert" data-testid="screen-failed">
        <h1 className="card-title">{t("app.failed.title")}</h1>
        <p className="hint">{t(chunk ? "app.failed.chunk" : "app.failed.render")}</p>
        <button type="button" className="button" onClick={onRetry}>
          {t("app.retry")}
        </button>
      </section>
    </main>
  );
}
