import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "../router.ts";
import { haptic } from "../telegram.ts";
import { useTRPC } from "../trpc.ts";

/**
 * Opening an invite code, however it came (the launch's start parameter, or typed in): the tie is
 * made on the server, the network's lists are asked again, and the newcomer is led to the link's
 * target, whose page is ready for a pledge.
 */
export function useOpenInvite() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation(
    trpc.network.openInvite.mutationOptions({
      onSuccess: ({ targetId }) => {
        haptic("success");
        // A new tie changes what the network lists hold.
        void queryClient.invalidateQueries(trpc.network.pathFilter());
        navigate(`/member/${targetId}`);
      },
      onError: () => haptic("error"),
    }),
  );
}
