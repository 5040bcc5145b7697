-- CreateTable
CREATE TABLE "tie" (
    "member_id" INTEGER NOT NULL,
    "other_id" INTEGER NOT NULL,
    "referral" SMALLINT NOT NULL DEFAULT 0,
    "help" SMALLINT NOT NULL DEFAULT 0,
    "live" SMALLINT NOT NULL DEFAULT 0,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "tie_pkey" PRIMARY KEY ("member_id","other_id")
);

-- AddForeignKey
ALTER TABLE "tie" ADD CONSTRAINT "tie_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tie" ADD CONSTRAINT "tie_other_id_fkey" FOREIGN KEY ("other_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The ties both ways, from where they live: a referral between two members who have not left, and
-- every help_tie row (which never names a leaver). The stored counts are what the triggers below
-- keep: referral and help count facts, live counts the help_tie rows with a live pledge.
INSERT INTO "tie" ("member_id", "other_id", "referral", "help", "live", "confirmed_at")
WITH facts AS (
  SELECT m.id AS a, m.invited_by_id AS b, 1 AS referral, 0 AS help, 0 AS live,
    NULL::timestamptz(3) AS confirmed_at
  FROM "member" m JOIN "member" i ON i.id = m.invited_by_id
  WHERE m.deleted_at IS NULL AND i.deleted_at IS NULL AND m.id <> i.id
  UNION ALL
  SELECT h.giver_id, h.receiver_id, 0, 1, CASE WHEN h.live > 0 THEN 1 ELSE 0 END, h.confirmed_at
  FROM "help_tie" h
  WHERE h.giver_id <> h.receiver_id
)
SELECT member_id, other_id, SUM(referral)::smallint, SUM(help)::smallint, SUM(live)::smallint,
  MAX(confirmed_at)
FROM (
  SELECT a AS member_id, b AS other_id, referral, help, live, confirmed_at FROM facts
  UNION ALL
  SELECT b, a, referral, help, live, confirmed_at FROM facts
) both_ways
GROUP BY member_id, other_id
ORDER BY member_id, other_id;

-- The walks' indexes, built once the rows are in: a member's ties that hold whatever the date, and
-- those a confirmation alone holds (sought by its date), each read without the table.
CREATE INDEX "tie_lasting" ON "tie"("member_id", "other_id") WHERE ((referral > 0) OR (live > 0));
CREATE INDEX "tie_confirmed" ON "tie"("member_id", "confirmed_at", "other_id") WHERE ((referral = 0) AND (live = 0));

-- Help ties follow help_tie, set-based as help_tie follows pledge: per pair and both ways, the
-- statement's added rows minus its removed ones are added to help and live, and a newer
-- confirmation moves confirmed_at forward; a pair that lost a help_tie row takes the latest
-- confirmation of what is left. Pairs with a member who left are passed over (a leaver's rows are
-- deleted as they leave, below, and help_tie writes none for them again), and so are members
-- deleted outright (their rows go by the foreign keys). Rows are upserted in key order, so
-- concurrent statements lock them in the same order. A pair left with nothing is deleted by a
-- second statement (one statement cannot both upsert and delete a row).
CREATE FUNCTION "tie_follow_help"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added text := $q$SELECT giver_id AS a, receiver_id AS b, 1 AS help,
      CASE WHEN live > 0 THEN 1 ELSE 0 END AS live,
      confirmed_at AS confirmed_new, NULL::timestamptz(3) AS confirmed_old
    FROM new_rows$q$;
  removed text := $q$SELECT giver_id AS a, receiver_id AS b, -1 AS help,
      CASE WHEN live > 0 THEN -1 ELSE 0 END AS live,
      NULL::timestamptz(3) AS confirmed_new, confirmed_at AS confirmed_old
    FROM old_rows$q$;
  changes text := CASE TG_OP
    WHEN 'INSERT' THEN added
    WHEN 'DELETE' THEN removed
    ELSE added || ' UNION ALL ' || removed
  END;
BEGIN
  EXECUTE format($sql$
    WITH changed AS (%1$s),
    delta AS (
      SELECT member_id, other_id, SUM(help)::int AS help, SUM(live)::int AS live,
        MAX(confirmed_new) AS confirmed_new, MAX(confirmed_old) AS confirmed_old
      FROM (
        SELECT a AS member_id, b AS other_id, help, live, confirmed_new, confirmed_old FROM changed
        UNION ALL
        SELECT b, a, help, live, confirmed_new, confirmed_old FROM changed
      ) both_ways
      WHERE member_id <> other_id
      GROUP BY member_id, other_id
    )
    INSERT INTO tie AS t (member_id, other_id, help, live, confirmed_at)
    SELECT d.member_id, d.other_id, d.help, d.live, d.confirmed_new
    FROM delta d
    JOIN member m ON m.id = d.member_id AND m.deleted_at IS NULL
    JOIN member o ON o.id = d.other_id AND o.deleted_at IS NULL
    -- A statement that moved nothing a tie depends on touches no row.
    WHERE d.help <> 0 OR d.live <> 0 OR d.confirmed_new IS DISTINCT FROM d.confirmed_old
    ORDER BY d.member_id, d.other_id
    ON CONFLICT (member_id, other_id) DO UPDATE SET
      help = t.help + EXCLUDED.help,
      live = t.live + EXCLUDED.live,
      confirmed_at = CASE
        WHEN EXCLUDED.help < 0 THEN (
          SELECT MAX(h.confirmed_at) FROM help_tie h
          WHERE (h.giver_id = t.member_id AND h.receiver_id = t.other_id)
             OR (h.giver_id = t.other_id AND h.receiver_id = t.member_id))
        ELSE GREATEST(t.confirmed_at, EXCLUDED.confirmed_at)
      END
    $sql$, changes);
  IF TG_OP = 'DELETE' THEN
    DELETE FROM tie t
    USING (
      SELECT giver_id AS a, receiver_id AS b FROM old_rows
      UNION ALL
      SELECT receiver_id, giver_id FROM old_rows
    ) r
    WHERE t.member_id = r.a AND t.other_id = r.b AND t.referral = 0 AND t.help = 0;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "help_tie_tie_insert" AFTER INSERT ON "help_tie"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tie_follow_help"();
CREATE TRIGGER "help_tie_tie_update" AFTER UPDATE ON "help_tie"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "tie_follow_help"();
CREATE TRIGGER "help_tie_tie_delete" AFTER DELETE ON "help_tie"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "tie_follow_help"();

-- Referral ties follow member.invited_by_id, and a member who leaves leaves the graph: all their
-- rows, both ways, are deleted (a leaver ties nobody, and the triggers write none for them again).
-- A referral counts while both have not left: an inviter's leaving takes it away for good, and a
-- member whose inviter left may be tied anew by another link (network/invites.ts), which moves
-- invited_by_id. Set-based per statement, rows in key order, like tie_follow_help; a statement that
-- changed neither column (a status, a profile, a sign-in) stops at the first check.
CREATE FUNCTION "tie_follow_member"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes text := CASE TG_OP
    WHEN 'INSERT' THEN $q$SELECT id AS a, invited_by_id AS b, 1 AS referral
      FROM new_rows WHERE invited_by_id IS NOT NULL$q$
    ELSE $q$SELECT n.id AS a, o.invited_by_id AS b, -1 AS referral
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE o.invited_by_id IS DISTINCT FROM n.invited_by_id AND o.invited_by_id IS NOT NULL
      UNION ALL
      SELECT n.id, n.invited_by_id, 1
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE o.invited_by_id IS DISTINCT FROM n.invited_by_id AND n.invited_by_id IS NOT NULL$q$
  END;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (
      SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.invited_by_id IS DISTINCT FROM o.invited_by_id
         OR n.deleted_at IS DISTINCT FROM o.deleted_at
    ) THEN
      RETURN NULL;
    END IF;
    -- Leavers' rows: the mirrored ones first (found through their own), then their own.
    DELETE FROM tie t
    USING tie x, new_rows n, old_rows o
    WHERE n.id = o.id AND n.deleted_at IS NOT NULL AND o.deleted_at IS NULL
      AND x.member_id = n.id AND t.member_id = x.other_id AND t.other_id = x.member_id;
    DELETE FROM tie t
    USING new_rows n, old_rows o
    WHERE n.id = o.id AND n.deleted_at IS NOT NULL AND o.deleted_at IS NULL
      AND t.member_id = n.id;
  END IF;
  EXECUTE format($sql$
    WITH changed AS (%1$s),
    delta AS (
      SELECT member_id, other_id, SUM(referral)::int AS referral
      FROM (
        SELECT a AS member_id, b AS other_id, referral FROM changed
        UNION ALL
        SELECT b, a, referral FROM changed
      ) both_ways
      WHERE member_id <> other_id
      GROUP BY member_id, other_id
    )
    INSERT INTO tie AS t (member_id, other_id, referral)
    SELECT d.member_id, d.other_id, d.referral
    FROM delta d
    JOIN member m ON m.id = d.member_id AND m.deleted_at IS NULL
    JOIN member o ON o.id = d.other_id AND o.deleted_at IS NULL
    WHERE d.referral <> 0
    ORDER BY d.member_id, d.other_id
    ON CONFLICT (member_id, other_id) DO UPDATE SET referral = t.referral + EXCLUDED.referral
    $sql$, changes);
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format($sql$
      WITH changed AS (%1$s)
      DELETE FROM tie t
      USING (SELECT a, b FROM changed UNION ALL SELECT b, a FROM changed) c
      WHERE t.member_id = c.a AND t.other_id = c.b AND t.referral = 0 AND t.help = 0
      $sql$, changes);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "member_tie_insert" AFTER INSERT ON "member"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tie_follow_member"();
CREATE TRIGGER "member_tie_update" AFTER UPDATE ON "member"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "tie_follow_member"();
