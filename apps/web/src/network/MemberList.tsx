import type { ReactNode } from "react";
import { MemberRow } from "./MemberRow.tsx";
import { Paged } from "./Paged.tsx";
import type { MemberLine } from "./types.ts";
import type { Pages } from "./usePages.ts";

/** A paged list of members on one Section plate, each cell opening their page. */
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
        <div className="ui-section-body member-list-plate">
          <ul className="ui-list" aria-label={label}>
            {items.map((m) => (
              <MemberRow key={m.id} member={m} />
            ))}
          </ul>
        </div>
      )}
    />
  );
}
