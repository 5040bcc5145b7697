import { statusEmoji } from "@exodus/shared";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { Avatar } from "../components/Avatar.tsx";
import { NeedLine } from "./NeedLine.tsx";
import type { MemberLine } from "./types.ts";

const DISTANCE = ["self", "one", "two", "beyond"] as const;

/** One member in a list: who, their status in emoji and word, their need, how far; opens their page. */
export function MemberRow({ member }: { member: MemberLine }) {
  const { t } = useTranslation();
  const name = member.name || t("network.deletedMember");
  const distance = DISTANCE[Math.min(member.distance, 3)] ?? "beyond";
  return (
    <li>
      <Link to={`/member/${member.id}`} className="member-row" data-testid="member-row">
        <Avatar id={member.id} name={name} photoUrl={member.photoUrl} />
        <span className="member-row-body">
          <span className="member-row-name">{name}</span>
          <span className="member-row-status">
            <span aria-hidden="true">{statusEmoji[member.status]}</span>{" "}
            {t(member.distance === 0 ? `status.${member.status}` : `theirStatus.${member.status}`)}
            <span className="hint"> · {t(`network.distance.${distance}`)}</span>
          </span>
          {member.need && <NeedLine need={member.need} />}
        </span>
        <span className="member-row-chevron" aria-hidden="true">
          ›
        </span>
      </Link>
    </li>
  );
}

/** Grey rows in the shape of member rows while a list loads. */
export function MemberRowsSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <ul className="member-list" aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing but their place.
        <li key={i} className="member-row">
          <span className="avatar avatar-small skeleton" />
          <span className="member-row-body">
            <span className="skeleton" style={{ height: 16, width: "55%" }} />
            <span className="skeleton" style={{ height: 14, width: "80%" }} />
          </span>
        </li>
      ))}
    </ul>
  );
}
