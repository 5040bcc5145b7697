import { statusEmoji } from "@exodus/shared";
import { useTranslation } from "react-i18next";
import { Avatar } from "../components/Avatar.tsx";
import { Cell } from "../ui/index.ts";
import { NeedLine } from "./NeedLine.tsx";
import type { MemberLine } from "./types.ts";

const DISTANCE = ["self", "one", "two", "beyond"] as const;

/**
 * One member in a list, as a cell of Telegram's contacts: their avatar, name, status in emoji and
 * word and how far, their need; the chevron opens their page.
 */
export function MemberRow({ member }: { member: MemberLine }) {
  const { t } = useTranslation();
  const name = member.name || t("network.deletedMember");
  const distance = DISTANCE[Math.min(member.distance, 3)] ?? "beyond";
  return (
    <li>
      <Cell
        to={`/member/${member.id}`}
        testId="member-row"
        before={<Avatar id={member.id} name={name} photoUrl={member.photoUrl} />}
        subtitle={
          <>
            <span className="member-row-line">
              <span aria-hidden="true">{statusEmoji[member.status]}</span>{" "}
              {t(
                member.distance === 0 ? `status.${member.status}` : `theirStatus.${member.status}`,
              )}{" "}
              · {t(`network.distance.${distance}`)}
            </span>
            {member.need && (
              <span className="member-row-line">
                <NeedLine need={member.need} />
              </span>
            )}
          </>
        }
      >
        <span className="member-row-name">{name}</span>
      </Cell>
    </li>
  );
}

/** Grey cells in the shape of member rows while a list loads. */
export function MemberRowsSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div className="ui-section-body member-list-plate" aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing but their place.
        <div key={i} className="ui-cell">
          <span className="ui-cell-before">
            <span className="avatar avatar-small skeleton" />
          </span>
          <span className="ui-cell-middle">
            <span className="skeleton" style={{ height: 16, width: "55%" }} />
            <span className="skeleton" style={{ height: 14, width: "80%" }} />
          </span>
        </div>
      ))}
    </div>
  );
}
