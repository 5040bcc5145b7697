-- CreateTable
CREATE TABLE "help_tie" (
    "giver_id" INTEGER NOT NULL,
    "receiver_id" INTEGER NOT NULL,
    "live" INTEGER NOT NULL DEFAULT 0,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "help_tie_pkey" PRIMARY KEY ("giver_id","receiver_id")
);

-- CreateIndex
CREATE INDEX "help_tie_receiver_id_giver_id_idx" ON "help_tie"("receiver_id", "giver_id");

-- AddForeignKey
ALTER TABLE "help_tie" ADD CONSTRAINT "help_tie_giver_id_fkey" FOREIGN KEY ("giver_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "help_tie" ADD CONSTRAINT "help_tie_receiver_id_fkey" FOREIGN KEY ("receiver_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the pledges held before the table existed.
INSERT INTO "help_tie" ("giver_id", "receiver_id", "live", "confirmed_at")
SELECT giver_id, receiver_id,
  COUNT(*) FILTER (WHERE state IN ('intention', 'obligation', 'fulfilled')),
  MAX(state_changed_at) FILTER (WHERE state = 'confirmed')
FROM "pledge"
WHERE state IN ('intention', 'obligation', 'fulfilled', 'confirmed')
GROUP BY giver_id, receiver_id;

-- The ties follow every statement that writes pledges, set-based as collection_tally does: per
-- pair, the live pledges the statement added minus those it took away are added to the stored
-- count, and the latest confirmation among the rows it wrote moves confirmed_at forward (never
-- back). Rows are upserted in key order, so concurrent statements lock them in the same order. A
-- pair left with nothing (no live pledge, never confirmed) is deleted by a second statement (one
-- statement cannot both upsert and delete a row); a pair whose only tie is an old confirmation
-- waits for the rollover.
CREATE FUNCTION "help_tie_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added text := $q$SELECT giver_id, receiver_id,
      CASE WHEN state IN ('intention', 'obligation', 'fulfilled') THEN 1 ELSE 0 END AS live,
      CASE WHEN state = 'confirmed' THEN state_changed_at END AS confirmed_at
    FROM new_rows$q$;
  removed text := $q$SELECT giver_id, receiver_id,
      CASE WHEN state IN ('intention', 'obligation', 'fulfilled') THEN -1 ELSE 0 END,
      NULL::timestamptz(3)
    FROM old_rows$q$;
  pairs text := CASE TG_OP
    WHEN 'INSERT' THEN added
    WHEN 'DELETE' THEN removed
    ELSE added || ' UNION ALL ' || removed
  END;
BEGIN
  EXECUTE format($sql$
    INSERT INTO help_tie AS t (giver_id, receiver_id, live, confirmed_at)
    SELECT * FROM (
      SELECT d.giver_id, d.receiver_id, SUM(d.live)::int AS live, MAX(d.confirmed_at) AS confirmed_at
      FROM (%1$s) d
      -- A pledge deleted with its member leaves no tie behind.
      WHERE EXISTS (SELECT 1 FROM member g WHERE g.id = d.giver_id)
        AND EXISTS (SELECT 1 FROM member r WHERE r.id = d.receiver_id)
      GROUP BY d.giver_id, d.receiver_id
    ) delta
    -- A statement that moved nothing a tie depends on touches no row.
    WHERE delta.live <> 0 OR delta.confirmed_at IS NOT NULL
    ORDER BY delta.giver_id, delta.receiver_id
    ON CONFLICT (giver_id, receiver_id) DO UPDATE SET
      live = t.live + EXCLUDED.live,
      confirmed_at = GREATEST(t.confirmed_at, EXCLUDED.confirmed_at)
    $sql$, pairs);
  EXECUTE format($sql$
    DELETE FROM help_tie h
    WHERE h.live = 0 AND h.confirmed_at IS NULL
      AND (h.giver_id, h.receiver_id) IN (SELECT giver_id, receiver_id FROM (%1$s) d)
    $sql$, pairs);
  RETURN NULL;
END
$$;

CREATE TRIGGER "pledge_help_tie_insert" AFTER INSERT ON "pledge"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "help_tie_apply"();
CREATE TRIGGER "pledge_help_tie_update" AFTER UPDATE ON "pledge"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "help_tie_apply"();
CREATE TRIGGER "pledge_help_tie_delete" AFTER DELETE ON "pledge"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "help_tie_apply"();
