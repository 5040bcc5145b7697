/**
 * The canvas side of the picture: Cytoscape.js draws, fCoSE lays out. This module is imported
 * dynamically by PicturePage, so the library (the largest thing in the app) loads only when the
 * picture is opened, while the page's own text is already on screen.
 */
import cytoscape, {
  type Core,
  type ElementDefinition,
  type NodeSingular,
  type StylesheetJson,
} from "cytoscape";
import fcose from "cytoscape-fcose";
import type { PictureEdge, PictureNode } from "./model.ts";

cytoscape.use(fcose);

/** Colours of the current theme, read from the CSS variables when drawing. */
interface Palette {
  green: string;
  orange: string;
  red: string;
  text: string;
  hint: string;
  card: string;
  accent: string;
}

/**
 * A canvas cannot use CSS variables, so their computed values are read at draw time (and again when
 * Telegram changes the theme): light and dark both come out right.
 */
function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    green: read("--green", "#31b545"),
    orange: read("--orange", "#f0a020"),
    red: read("--red", "#e53935"),
    text: read("--text", "#000000"),
    hint: read("--hint", "#707579"),
    card: read("--card", "#ffffff"),
    accent: read("--accent", "#3390ec"),
  };
}

function stylesheet(c: Palette): StylesheetJson {
  return [
    {
      selector: "node",
      style: {
        width: 30,
        height: 30,
        "border-width": 2,
        "border-color": c.card,
        label: "data(label)",
        color: c.text,
        "font-size": 13,
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-outline-color": c.card,
        "text-outline-width": 2.5,
        "min-zoomed-font-size": 7,
      },
    },
    // Shape as well as colour, and the emoji in the label: status is never told by colour alone.
    { selector: "node.green", style: { "background-color": c.green, shape: "ellipse" } },
    { selector: "node.orange", style: { "background-color": c.orange, shape: "round-diamond" } },
    { selector: "node.red", style: { "background-color": c.red, shape: "round-triangle" } },
    { selector: "node.far", style: { width: 24, height: 24, "font-size": 12 } },
    {
      selector: "node.me",
      style: {
        width: 42,
        height: 42,
        "border-width": 5,
        "border-color": c.accent,
        "font-weight": "bold",
        "font-size": 14,
      },
    },
    {
      selector: "edge",
      style: { width: 2, "curve-style": "bezier", "line-color": c.text, "line-opacity": 0.75 },
    },
    {
      selector: "edge.referral",
      style: {
        width: 1.5,
        "line-color": c.hint,
        "line-style": "dashed",
        "line-dash-pattern": [6, 4],
        "line-opacity": 1,
      },
    },
    {
      selector: "edge.help",
      style: {
        // An arrow halfway as well as at the end: a member's label may cover the end.
        "target-arrow-shape": "triangle",
        "target-arrow-color": c.text,
        "mid-target-arrow-shape": "triangle",
        "mid-target-arrow-color": c.text,
        "arrow-scale": 1.2,
        label: "data(label)",
        "text-margin-y": -11,
        "font-size": 11,
        "text-background-color": c.card,
        "text-background-opacity": 1,
        "text-background-padding": "1px",
        "min-zoomed-font-size": 8,
      },
    },
    { selector: "edge.intention", style: { width: 1.5, "line-opacity": 0.55 } },
    { selector: "edge.obligation, edge.fulfilled", style: { width: 3 } },
    // A gift that arrived this month: the tie holds, drawn as settled (dashed).
    { selector: "edge.confirmed", style: { width: 1.5, "line-style": "dashed" } },
    { selector: ".hidden", style: { display: "none" } },
  ];
}

/** The first view's zoom bounds: labels of 13px stay 10–20px on screen. */
const MIN_START_ZOOM = 0.75;
const MAX_START_ZOOM = 1.5;

/** Where each member stands in the picture's own coordinates (not the screen's), by member id. */
export type Positions = Record<number, { x: number; y: number }>;

export interface Drawing {
  /** Hides (and shows again) members; their ties go with them. Me is never hidden. */
  show(visibleIds: ReadonlySet<number>): void;
  zoom(factor: number): void;
  showAll(): void;
  /** Where the members stand now, to be kept for the next opening. */
  positions(): Positions;
  destroy(): void;
}

/** A small seeded generator (mulberry32): the same seed gives the same numbers, every time. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from the members drawn (FNV-1a over their sorted ids): the same network, the same seed. */
export function seedOf(ids: number[]): number {
  let hash = 0x811c9dc5;
  for (const id of [...ids].sort((a, b) => a - b)) {
    hash = Math.imul(hash ^ id, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Runs fn with Math.random drawn from a seeded generator: fCoSE (its spectral start and its tree
 * regrowth) draws from Math.random, and a layout run without animation is synchronous, so the same
 * members, ties and seed give the same picture at every opening.
 */
function withSeed<T>(seed: number, fn: () => T): T {
  const random = Math.random;
  Math.random = seeded(seed);
  try {
    return fn();
  } finally {
    Math.random = random;
  }
}

/** The convex hull of a few points (Andrew's monotone chain), in order around it. */
export function hull(points: { x: number; y: number }[]): { x: number; y: number }[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length < 3) return sorted;
  const cross = (
    o: { x: number; y: number },
    a: { x: number; y: number },
    b: { x: number; y: number },
  ) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const half = (list: { x: number; y: number }[]) => {
    const out: { x: number; y: number }[] = [];
    for (const p of list) {
      for (;;) {
        const a = out[out.length - 2];
        const b = out[out.length - 1];
        if (!a || !b || cross(a, b, p) > 0) break;
        out.pop();
      }
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

const SVG = "http://www.w3.org/2000/svg";

/**
 * Draws the members and ties, lays them out, and resolves once they stand still. The layout is
 * stable: members kept from an earlier opening stand where they stood (all of them kept: nothing
 * moves at all); the first opening is laid out from a seed made of the members' ids, so it comes
 * out the same every time too.
 */
export function draw(
  container: HTMLElement,
  nodes: PictureNode[],
  edges: PictureEdge[],
  onOpen: (memberId: number) => void,
  kept: Positions = {},
): Promise<Drawing> {
  const seed = seedOf(nodes.map((n) => n.id));
  const random = seeded(seed);
  const neighbours = new Map<number, number[]>();
  for (const e of edges) {
    neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
    neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
  }
  // A member new since the last opening starts beside a kept member they are tied to (or on a
  // ring around me), at a seeded angle: the layout then finds them a place nearby.
  const startOf = (n: PictureNode) => {
    const at = kept[n.id];
    if (at) return at;
    const angle = random() * 2 * Math.PI;
    const near = (neighbours.get(n.id) ?? []).map((id) => kept[id]).find((p) => p !== undefined);
    const base = near ?? { x: 0, y: 0 };
    const distance = near ? 60 : 90 * Math.max(n.distance, 1);
    return { x: base.x + Math.cos(angle) * distance, y: base.y + Math.sin(angle) * distance };
  };
  const allKept = nodes.every((n) => kept[n.id] !== undefined);
  const someKept = nodes.some((n) => !n.me && kept[n.id] !== undefined);
  const elements: ElementDefinition[] = [
    ...nodes.map((n) => ({
      group: "nodes" as const,
      data: { id: `m${n.id}`, memberId: n.id, label: n.label },
      position: startOf(n),
      classes: [n.status, n.me ? "me" : "", n.distance >= 2 ? "far" : ""].join(" ").trim(),
    })),
    ...edges.map((e, i) => ({
      group: "edges" as const,
      data: { id: `e${i}`, source: `m${e.from}`, target: `m${e.to}`, label: e.label },
      classes: [e.kind, e.state ?? ""].join(" ").trim(),
    })),
  ];
  const me = nodes.find((n) => n.me);
  const cy: Core = cytoscape({
    container,
    elements,
    style: stylesheet(readPalette(container)),
    // Where the elements say (their start positions), not the default grid: the layout below
    // decides.
    layout: { name: "preset" },
    minZoom: 0.2,
    maxZoom: 4,
    boxSelectionEnabled: false,
    // Dragging on a member pans the picture, as on a map; a tap opens them.
    autoungrabify: true,
    autounselectify: true,
  });
  cy.on("tap", "node", (event) => onOpen(event.target.data("memberId") as number));

  // Telegram binds its theme to the root element's style: follow it when it changes.
  const themeWatch = new MutationObserver(() => cy.style(stylesheet(readPalette(container))));
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["style"] });

  // Circles of support drawn as groups: a soft shape around each member helped and their
  // helpers, beneath the canvas (an SVG layer that follows the pan and the zoom).
  const layer = document.createElementNS(SVG, "svg");
  layer.setAttribute("class", "picture-hulls");
  layer.setAttribute("aria-hidden", "true");
  container.parentElement?.insertBefore(layer, container);
  let frame = 0;
  const drawHulls = () => {
    frame = 0;
    const palette = readPalette(container);
    const paths: string[] = [];
    const receivers: string[] = [];
    cy.nodes()
      .not(".hidden")
      .forEach((receiver) => {
        const helpers = receiver.incomers("edge.help").sources().nodes().not(".hidden");
        if (helpers.empty()) return;
        receivers.push(String(receiver.data("memberId")));
        const points = [
          receiver.renderedPosition(),
          ...helpers.map((n) => (n as NodeSingular).renderedPosition()),
        ];
        const corners = hull(points);
        const d = `M${corners.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join("L")}Z`;
        const colour = receiver.hasClass("red")
          ? palette.red
          : receiver.hasClass("orange")
            ? palette.orange
            : palette.hint;
        // A thick round stroke of the fill's colour rounds the hull and pads it past the shapes.
        const pad = Math.max(64 * cy.zoom(), 24);
        paths.push(
          `<path d="${d}" fill="${colour}" stroke="${colour}" stroke-width="${pad.toFixed(1)}" stroke-linejoin="round" stroke-linecap="round" opacity="0.16"/>`,
        );
      });
    layer.innerHTML = paths.join("");
    // Whose circles are drawn (the receivers' node ids), for whoever checks the picture.
    container.dataset.circles = receivers.join(" ");
  };
  const hullsLater = () => {
    if (!frame) frame = requestAnimationFrame(drawHulls);
  };
  cy.on("viewport resize", hullsLater);

  const visible = () => cy.elements().not(".hidden");
  const drawing: Drawing = {
    show(visibleIds) {
      cy.batch(() => {
        cy.nodes().forEach((node) => {
          const shown = node.hasClass("me") || visibleIds.has(node.data("memberId") as number);
          node.toggleClass("hidden", !shown);
        });
      });
      container.dataset.drawn = String(cy.nodes().not(".hidden").length);
      drawHulls();
    },
    positions() {
      const out: Positions = {};
      cy.nodes().forEach((node) => {
        const { x, y } = node.position();
        out[node.data("memberId") as number] = { x, y };
      });
      return out;
    },
    zoom(factor) {
      const level = cy.zoom() * factor;
      cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    showAll() {
      cy.fit(visible(), 24);
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      themeWatch.disconnect();
      cy.destroy();
      layer.remove();
    },
  };
  // Laid out once, without animation: members do not fly about on a slow phone, and a tap lands
  // where the member is. Everyone kept: they stand where they stood. Some kept: fCoSE goes on from
  // where they stand (randomize off) to place the new ones. None: a seeded fCoSE from scratch.
  const layout = allKept
    ? cy.layout({
        name: "preset",
        positions: (node: cytoscape.NodeSingular) => kept[node.data("memberId") as number],
        fit: true,
        padding: 28,
      } as cytoscape.LayoutOptions)
    : cy.layout({
        name: "fcose",
        animate: false,
        randomize: !someKept,
        fit: true,
        padding: 28,
        nodeRepulsion: () => 9000,
        idealEdgeLength: () => 90,
        // Me in the middle of my network.
        ...(me ? { fixedNodeConstraint: [{ nodeId: `m${me.id}`, position: { x: 0, y: 0 } }] } : {}),
      } as cytoscape.LayoutOptions);
  return new Promise((resolve) => {
    layout.one("layoutstop", () => {
      // A few members would be drawn huge, and a big network too small to read on a phone: then
      // it opens readable around me, and "show everyone" fits it whole.
      if (cy.zoom() > MAX_START_ZOOM) {
        cy.zoom(MAX_START_ZOOM);
        cy.center();
      } else if (cy.zoom() < MIN_START_ZOOM) {
        cy.zoom(MIN_START_ZOOM);
        cy.center(me ? cy.getElementById(`m${me.id}`) : undefined);
      }
      resolve(drawing);
    });
    withSeed(seed, () => layout.run());
  });
}
