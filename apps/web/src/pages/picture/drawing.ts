/**
 * The canvas side of the picture: Cytoscape.js draws, fCoSE lays out. This module is imported
 * dynamically by PicturePage, so the library (the largest thing in the app) loads only when the
 * picture is opened, while the page's own text is already on screen.
 */
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from "cytoscape";
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

export interface Drawing {
  /** Hides (and shows again) members; their ties go with them. Me is never hidden. */
  show(visibleIds: ReadonlySet<number>): void;
  zoom(factor: number): void;
  showAll(): void;
  destroy(): void;
}

/** Draws the members and ties, lays them out, and resolves once they stand still. */
export function draw(
  container: HTMLElement,
  nodes: PictureNode[],
  edges: PictureEdge[],
  onOpen: (memberId: number) => void,
): Promise<Drawing> {
  const elements: ElementDefinition[] = [
    ...nodes.map((n) => ({
      group: "nodes" as const,
      data: { id: `m${n.id}`, memberId: n.id, label: n.label },
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
    },
    zoom(factor) {
      const level = cy.zoom() * factor;
      cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    showAll() {
      cy.fit(visible(), 24);
    },
    destroy() {
      themeWatch.disconnect();
      cy.destroy();
    },
  };
  // Laid out once, without animation: members do not fly about on a slow phone, and a tap lands
  // where the member is.
  const layout = cy.layout({
    name: "fcose",
    animate: false,
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
    layout.run();
  });
}
