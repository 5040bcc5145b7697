import type { ReactNode } from "react";
import { MemberRow } from "./MemberRow.tsx";
import { Paged } from "./Paged.tsx";
import type { MemberLine } from "./types.ts";
import type { Pages } from "./usePages.ts";

/** A paged list of members, each row opening their page. */
export function MemberList({
  pages,
  empty,
  label,
}: {
  pages: Pages<MemberLine>;
  empty: ReactNode;
  label: string;
}) {
  return (
    <Paged
      pages={pages}
      empty={empty}
      render={(items) => (
        <ul className="member-list card" aria-label={label}>
          {items.map((m) => (
            <MemberRow key={m.id} member={m} />
          ))}
        </ul>
      )}
    />
  );
}
