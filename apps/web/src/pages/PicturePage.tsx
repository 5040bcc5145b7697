import { type MemberStatus, statusEmoji } from "@exodus/shared";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { EmptyState } from "../components/EmptyState.tsx";
import { useMoney } from "../components/Money.tsx";
import { Skeleton } from "../components/Skeleton.tsx";
import { useNavigate } from "../router.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import type { Drawing, Positions } from "./picture/drawing.ts";
import {
  type PictureEdge,
  type PictureNode,
  pictureOf,
  STATUSES,
  stateEmoji,
  tiesOf,
  visibleIds,
} from "./picture/model.ts";
import "./picture/picture.css";

/**
 * The picture: my network as a graph — members coloured (and shaped, and labelled with the status
 * emoji) by status, help ties as arrows from giver to receiver, referral ties dashed, me ringed in
 * the middle. Pan, pinch or wheel to zoom, tap a member to open them; filter by status. Beside the
 * canvas, the same picture in words: a list of the members drawn and their ties, for screen
 * readers and for fingers that prefer a list.
 */
export default function PicturePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const me = useQuery(trpc.member.me.queryOptions());
  const graph = useQuery(trpc.network.graph.queryOptions());
  const [shown, setShown] = useState<ReadonlySet<MemberStatus>>(() => new Set(STATUSES));

  const viewer = me.data?.profile;
  const youLabel = t("picture.you");
  const picture = useMemo(
    () =>
      graph.data && viewer
        ? pictureOf(graph.data, { id: viewer.id, status: viewer.status, label: youLabel })
        : undefined,
    [graph.data, viewer, youLabel],
  );
  const visible = useMemo(
    () => (picture ? visibleIds(picture.nodes, shown) : new Set<number>()),
    [picture, shown],
  );

  if (graph.isError) {
    return (
      <main className="page">
        <h1>{t("picture.title")}</h1>
        <section className="card">
          <p role="alert">{t(errorKey(graph.error))}</p>
          <button type="button" className="button" onClick={() => graph.refetch()}>
            {t("app.retry")}
          </button>
        </section>
      </main>
    );
  }
  if (!picture || !me.data) {
    return (
      <main className="page" aria-busy="true" aria-label={t("app.loading")}>
        <h1>{t("picture.title")}</h1>
        <Skeleton lines={1} height={32} />
        <div className="picture-stage">
          <Skeleton lines={1} height={300} />
        </div>
      </main>
    );
  }
  if (picture.nodes.length === 1) {
    return (
      <main className="page">
        <h1>{t("picture.title")}</h1>
        <EmptyState
          icon="👥"
          title={t("picture.emptyTitle")}
          text={t("picture.emptyText")}
          action={
            <Link to="/invite" className="button">
              {t("picture.emptyAction")}
            </Link>
          }
        />
      </main>
    );
  }

  const counts = Object.fromEntries(
    STATUSES.map((s) => [s, picture.nodes.filter((n) => !n.me && n.status === s).length]),
  ) as Record<MemberStatus, number>;
  const open = (id: number) => navigate(id === viewer?.id ? "/profile" : `/member/${id}`);
  const toggle = (status: MemberStatus) =>
    setShown((before) => {
      const after = new Set(before);
      if (after.has(status)) after.delete(status);
      else after.add(status);
      return after;
    });
  const drawn = picture.nodes.filter((n) => visible.has(n.id));

  return (
    <main className="page picture-page">
      <h1 className="picture-title">{t("picture.title")}</h1>
      {/* One compact row of toggles (a segmented control): each status on or off. */}
      <fieldset className="picture-filters">
        <legend className="visually-hidden">{t("picture.filter")}</legend>
        {STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className="picture-filter"
            aria-pressed={shown.has(status)}
            aria-label={`${t(`theirStatus.${status}`)}: ${counts[status]}`}
            onClick={() => toggle(status)}
          >
            <span className="picture-filter-top">
              <span aria-hidden="true">{statusEmoji[status]}</span> {counts[status]}
            </span>
            <span className="picture-filter-word">{t(`picture.short.${status}`)}</span>
          </button>
        ))}
      </fieldset>
      {graph.data?.truncated && (
        <p className="card picture-notice" role="note" data-testid="picture-truncated">
          {t("picture.truncated", { count: picture.nodes.length - 1 })}
        </p>
      )}
      <PictureCanvas
        viewer={me.data.profile.id}
        nodes={picture.nodes}
        edges={picture.edges}
        visible={visible}
        drawnCount={drawn.length}
        onOpen={open}
      />
      <Legend />
      <h2 className="section-title" id="picture-list-title">
        {t("picture.listTitle")}
      </h2>
      {drawn.length === 1 && <p className="hint picture-none">{t("picture.noneShown")}</p>}
      <ul className="card picture-list" aria-labelledby="picture-list-title">
        {drawn.map((node) => (
          <MemberEntry
            key={node.id}
            node={node}
            nodes={picture.nodes}
            edges={picture.edges}
            visible={visible}
            currency={me.data.currency}
          />
        ))}
      </ul>
    </main>
  );
}

type DrawState = "loading" | "ready" | "failed";

/** Where the members stood at the viewer's last opening, kept on this device, per viewer. */
const positionsKey = (viewer: number) => `exodus.picture.positions.${viewer}`;

function keptPositions(viewer: number): Positions {
  try {
    const kept = JSON.parse(localStorage.getItem(positionsKey(viewer)) ?? "{}") as unknown;
    return kept && typeof kept === "object" ? (kept as Positions) : {};
  } catch {
    // Storage off or a damaged value: the seeded layout draws the same picture anyway.
    return {};
  }
}

function keepPositions(viewer: number, positions: Positions) {
  try {
    localStorage.setItem(positionsKey(viewer), JSON.stringify(positions));
  } catch {
    // Storage full or off: the next opening lays the picture out from its seed again.
  }
}

/** The canvas. The drawing library arrives in its own chunk while the rest of the page shows. */
function PictureCanvas({
  viewer,
  nodes,
  edges,
  visible,
  drawnCount,
  onOpen,
}: {
  viewer: number;
  nodes: PictureNode[];
  edges: PictureEdge[];
  visible: ReadonlySet<number>;
  drawnCount: number;
  onOpen: (memberId: number) => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const drawing = useRef<Drawing | undefined>(undefined);
  const [state, setState] = useState<DrawState>("loading");
  const [attempt, setAttempt] = useState(0);
  // The latest callback and filter, without drawing the picture again when they change.
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  const visibleRef = useRef(visible);
  visibleRef.current = visible;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a retry (attempt) draws again.
  useEffect(() => {
    let cancelled = false;
    let made: Drawing | undefined;
    setState("loading");
    import("./picture/drawing.ts")
      .then(({ draw }) => {
        if (cancelled || !box.current) return;
        const kept = keptPositions(viewer);
        return draw(box.current, nodes, edges, (id) => openRef.current(id), kept).then((done) => {
          made = done;
          if (cancelled) return done.destroy();
          keepPositions(viewer, done.positions());
          done.show(visibleRef.current);
          drawing.current = done;
          setState("ready");
        });
      })
      .catch(() => {
        if (!cancelled) setState("failed");
      });
    return () => {
      cancelled = true;
      made?.destroy();
      drawing.current = undefined;
    };
  }, [viewer, nodes, edges, attempt]);

  useEffect(() => {
    if (state === "ready") drawing.current?.show(visible);
  }, [visible, state]);

  return (
    <div className="picture-stage card">
      <div
        ref={box}
        className="picture-canvas"
        role="img"
        aria-label={t("picture.canvas", { count: drawnCount })}
        data-testid="picture-canvas"
      />
      {state === "loading" && (
        <div className="picture-overlay" aria-hidden="true">
          <Skeleton lines={1} height={200} />
        </div>
      )}
      {state === "failed" && (
        <div className="picture-overlay">
          <p role="alert">{t("picture.drawFailed")}</p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t("app.retry")}
          </button>
        </div>
      )}
      {state === "ready" && (
        <div className="picture-zoom">
          <button
            type="button"
            className="chip"
            aria-label={t("picture.zoomIn")}
            onClick={() => drawing.current?.zoom(1.4)}
          >
            +
          </button>
          <button
            type="button"
            className="chip"
            aria-label={t("picture.zoomOut")}
            onClick={() => drawing.current?.zoom(1 / 1.4)}
          >
            −
          </button>
          <button
            type="button"
            className="chip"
            aria-label={t("picture.fit")}
            onClick={() => drawing.current?.showAll()}
          >
            ⤢
          </button>
        </div>
      )}
    </div>
  );
}

/** What the shapes, colours and lines mean. */
function Legend() {
  const { t } = useTranslation();
  return (
    <section className="card picture-legend" aria-labelledby="picture-legend-title">
      <h2 id="picture-legend-title" className="visually-hidden">
        {t("picture.legend")}
      </h2>
      <p className="hint picture-intro">{t("picture.intro")}</p>
      <ul>
        {STATUSES.map((status) => (
          <li key={status}>
            <span className={`picture-swatch ${status}`} aria-hidden="true" />
            <span aria-hidden="true">{statusEmoji[status]}</span> {t(`theirStatus.${status}`)}
          </li>
        ))}
        <li>
          <span className="picture-swatch me" aria-hidden="true" />
          {t("picture.legendMe")}
        </li>
        <li>
          <span className="picture-line help" aria-hidden="true" />
          {t("picture.legendHelp")}
        </li>
        <li>
          <span className="picture-line referral" aria-hidden="true" />
          {t("picture.legendReferral")}
        </li>
        <li>
          <span className="picture-circle" aria-hidden="true" />
          {t("picture.legendCircle")}
        </li>
        <li className="picture-states">
          {(["intention", "obligation", "fulfilled", "confirmed"] as const).map((state) => (
            <span key={state}>{t(`picture.state.${state}`, { emoji: stateEmoji[state] })}</span>
          ))}
        </li>
      </ul>
    </section>
  );
}

/** One member in words: status, distance, need, and their ties among those drawn. */
function MemberEntry({
  node,
  nodes,
  edges,
  visible,
  currency,
}: {
  node: PictureNode;
  nodes: PictureNode[];
  edges: PictureEdge[];
  visible: ReadonlySet<number>;
  currency: string;
}) {
  const { t, i18n } = useTranslation();
  const money = useMoney(currency);
  const nameOf = (id: number) => {
    const other = nodes.find((n) => n.id === id);
    return other?.me ? t("picture.youInList") : (other?.name ?? "");
  };
  const list = new Intl.ListFormat(i18n.language, { type: "conjunction" });
  const ties = tiesOf(node.id, edges, visible);
  const withState = (tie: { id: number; state: keyof typeof stateEmoji }) =>
    `${nameOf(tie.id)} (${t(`picture.state.${tie.state}`, { emoji: stateEmoji[tie.state] })})`;
  const lines = [
    ties.invitedBy.length > 0 &&
      t("picture.invitedBy", { names: list.format(ties.invitedBy.map(nameOf)) }),
    ties.invited.length > 0 &&
      t("picture.invited", { names: list.format(ties.invited.map(nameOf)) }),
    ties.helps.length > 0 && t("picture.helps", { names: list.format(ties.helps.map(withState)) }),
    ties.helpedBy.length > 0 &&
      t("picture.helpedBy", { names: list.format(ties.helpedBy.map(withState)) }),
  ].filter((line): line is string => typeof line === "string");
  const need = node.line?.need;
  let needLine: string | undefined;
  if (need?.kind === "monthly") {
    needLine = t("picture.needMonthly", {
      helpers: need.helpers,
      intentions: money(need.intentions),
      missing: money(need.missing),
    });
  } else if (need?.kind === "emergency") {
    const days = need.daysLeft ?? 0;
    needLine = t("picture.needEmergency", {
      helpers: need.helpers,
      missing: money(need.missing),
      count: days,
    });
  }
  return (
    <li>
      <Link
        to={node.me ? "/profile" : `/member/${node.id}`}
        className="picture-member"
        data-testid={`picture-member-${node.id}`}
      >
        <span
          className={`picture-swatch ${node.status}${node.me ? " me" : ""}`}
          aria-hidden="true"
        />
        <span className="picture-member-text">
          <strong>
            <span aria-hidden="true">{statusEmoji[node.status]}</span> {node.name}
          </strong>
          <span className="hint">
            {" · "}
            {t(node.me ? `status.${node.status}` : `theirStatus.${node.status}`)}
            {!node.me && ` · ${t("picture.distance", { count: node.distance })}`}
          </span>
          {needLine && <span className="block">{needLine}</span>}
          {lines.map((line) => (
            <span key={line} className="block hint">
              {line}
            </span>
          ))}
        </span>
      </Link>
    </li>
  );
}
