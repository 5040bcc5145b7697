import type { AppRouter } from "@exodus/server";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;

/** A member as the lists show them (network.list). */
export type MemberLine = Outputs["network"]["list"][number];
/** Another member's page (network.member). */
export type MemberView = Outputs["network"]["member"];
export type Circle = Outputs["network"]["circle"];
export type InviteLine = Outputs["network"]["invites"][number];
export type Invitee = Outputs["network"]["invitees"][number];
export type CollectionView = MemberView["collections"][number];
