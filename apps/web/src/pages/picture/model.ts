import type { AppRouter } from "@exodus/server";
import { type MemberStatus, statusEmoji } from "@exodus/shared";
import type { inferRouterOutputs } from "@trpc/server";

/** What `network.graph` answers: the viewer's network as nodes (member lines) and ties. */
export type Graph = inferRouterOutputs<AppRouter>["network"]["graph"];
export type GraphNode = Graph["nodes"][number];
export type GraphEdge = Graph["edges"][number];
/** A help tie drawn by its most binding live pledge, or 👍 when a gift confirmed this period is
 * all that ties the two. */
type HelpState = "intention" | "obligation" | "fulfilled" | "confirmed";

/** A member as drawn: the label carries the status emoji, so colour is not the only cue. */
export interface PictureNode {
  id: number;
  status: MemberStatus;
  distance: number;
  me: boolean;
  name: string;
  label: string;
  line: GraphNode | null;
}

export interface PictureEdge {
  kind: "referral" | "help";
  from: number;
  to: number;
  state: HelpState | null;
  /** A help tie's pledge state as its emoji; referral ties carry no label. */
  label: string;
}

/** The emoji of a tie's pledge state (DOMAIN.md's table). */
export const stateEmoji: Record<HelpState, string> = {
  intention: "❤️",
  obligation: "🤝",
  fulfilled: "🤝→👍",
  confirmed: "👍",
};

export const STATUSES: MemberStatus[] = ["green", "orange", "red"];

/** The viewer as a node beside their network (the graph lists only the others). */
export interface Viewer {
  id: number;
  status: MemberStatus;
  /** How the viewer is labelled: "You", in the reader's language. */
  label: string;
}

export function pictureOf(graph: Graph, viewer: Viewer) {
  const nodes: PictureNode[] = [
    {
      id: viewer.id,
      status: viewer.status,
      distance: 0,
      me: true,
      name: viewer.label,
      label: `${statusEmoji[viewer.status]} ${viewer.label}`,
      line: null,
    },
    ...graph.nodes
      .filter((n) => n.id !== viewer.id)
      .map((n) => ({
        id: n.id,
        status: n.status,
        distance: n.distance,
        me: false,
        name: n.firstName,
        label: `${statusEmoji[n.status]} ${n.firstName}`,
        line: n,
      })),
  ];
  const ids = new Set(nodes.map((n) => n.id));
  const edges: PictureEdge[] = graph.edges
    .filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to)
    .map((e) => {
      const state = e.kind === "help" ? (e.state as HelpState | null) : null;
      return { kind: e.kind, from: e.from, to: e.to, state, label: state ? stateEmoji[state] : "" };
    });
  return { nodes, edges };
}

/** The members a status filter lets through (the viewer is always drawn). */
export function visibleIds(nodes: PictureNode[], shown: ReadonlySet<MemberStatus>): Set<number> {
  return new Set(nodes.filter((n) => n.me || shown.has(n.status)).map((n) => n.id));
}

/** A member's ties, told in words for the list beside the canvas. */
export interface Ties {
  invitedBy: number[];
  invited: number[];
  helps: { id: number; state: HelpState }[];
  helpedBy: { id: number; state: HelpState }[];
}

export function tiesOf(memberId: number, edges: PictureEdge[], visible: ReadonlySet<number>): Ties {
  const ties: Ties = { invitedBy: [], invited: [], helps: [], helpedBy: [] };
  for (const e of edges) {
    if (!visible.has(e.from) || !visible.has(e.to)) continue;
    if (e.kind === "referral") {
      if (e.to === memberId) ties.invitedBy.push(e.from);
      if (e.from === memberId) ties.invited.push(e.to);
    } else if (e.state) {
      if (e.from === memberId) ties.helps.push({ id: e.to, state: e.state });
      if (e.to === memberId) ties.helpedBy.push({ id: e.from, state: e.state });
    }
  }
  return ties;
}
