import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

/** The deployment's unit of account, from the signed-in member's answer (already loaded). */
export function useCurrency(): string {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.member.me.queryOptions());
  return data?.currency ?? "USD";
}
