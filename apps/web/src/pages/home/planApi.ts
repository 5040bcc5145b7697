/**
 * TEMPORARY ADAPTER — branch `web` only, delete when the server's `plan` router is on main.
 *
 * The `plan` router (PLAN-API.md) is written on branch `server` at the same time as these screens.
 * Until AppRouter has it, this types `trpc.plan.*` by the contract's own types (shared plan.ts);
 * at run time it is the same tRPC proxy. Once merged: replace `usePlanTRPC` with `useTRPC` in
 * PlanSection.tsx and delete this file.
 */
import type { AppRouter } from "@exodus/server";
import type { PlanView } from "@exodus/shared";
import type {
  DecorateMutationProcedure,
  DecorateQueryProcedure,
  DecorateRouterKeyable,
  DefaultFeatureFlags,
  TRPCOptionsProxy,
} from "@trpc/tanstack-react-query";
import { useTRPC } from "../../trpc.ts";

type Known = TRPCOptionsProxy<AppRouter>["member"]["me"]["~types"];
interface Def<Input, Output> {
  input: Input;
  output: Output;
  transformer: false;
  errorShape: Known["errorShape"];
  featureFlags: DefaultFeatureFlags;
}

interface PlanProxy {
  plan: DecorateRouterKeyable<DefaultFeatureFlags> & {
    mine: DecorateQueryProcedure<Def<void, PlanView>>;
    // tRPC reserves "apply" as a router key: the contract's plan.apply is plan.accept.
    accept: DecorateMutationProcedure<
      Def<{ planId: number; lines?: { collectionId: number; amount: number }[] }, PlanView>
    >;
    dismiss: DecorateMutationProcedure<Def<{ planId: number }, PlanView>>;
  };
}

/** `useTRPC()` with the contract's `plan` router typed in. */
export function usePlanTRPC() {
  return useTRPC() as ReturnType<typeof useTRPC> & PlanProxy;
}
