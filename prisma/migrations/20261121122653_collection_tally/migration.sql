-- CreateTable
CREATE TABLE "collection_tally" (
    "collection_id" INTEGER NOT NULL,
    "period" DATE NOT NULL,
    "intentions" BIGINT NOT NULL DEFAULT 0,
    "obligations" BIGINT NOT NULL DEFAULT 0,
    "confirmed" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "collection_tally_pkey" PRIMARY KEY ("collection_id","period")
);

-- AddForeignKey
ALTER TABLE "collection_tally" ADD CONSTRAINT "collection_tally_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the pledges held before the tally existed.
INSERT INTO "collection_tally" ("collection_id", "period", "intentions", "obligations", "confirmed")
SELECT collection_id, period,
  COALESCE(SUM(amount) FILTER (WHERE state = 'intention'), 0),
  COALESCE(SUM(amount) FILTER (WHERE state IN ('obligation', 'fulfilled')), 0),
  COALESCE(SUM(amount) FILTER (WHERE state = 'confirmed'), 0)
FROM "pledge"
WHERE NOT overdue
GROUP BY collection_id, period;

-- The tally follows every statement that writes pledges, set-based: what the statement added
-- (new rows) minus what it took away (old rows), summed per collection and period, is added to the
-- stored sums in one upsert. Adding differences (rather than recounting) stays right when two
-- transactions change the same collection at once: the second upsert adds to the row the first
-- committed. Rows are upserted in key order, so concurrent statements lock them in the same order.
CREATE FUNCTION "collection_tally_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added text := 'SELECT collection_id, period, state, amount::bigint AS amount FROM new_rows WHERE NOT overdue';
  removed text := 'SELECT collection_id, period, state, -amount::bigint FROM old_rows WHERE NOT overdue';
BEGIN
  EXECUTE format($sql$
    INSERT INTO collection_tally AS t (collection_id, period, intentions, obligations, confirmed)
    SELECT * FROM (
      SELECT d.collection_id, d.period,
        COALESCE(SUM(d.amount) FILTER (WHERE d.state = 'intention'), 0) AS intentions,
        COALESCE(SUM(d.amount) FILTER (WHERE d.state IN ('obligation', 'fulfilled')), 0) AS obligations,
        COALESCE(SUM(d.amount) FILTER (WHERE d.state = 'confirmed'), 0) AS confirmed
      FROM (%s) d
      -- A pledge deleted with its collection leaves no tally behind.
      WHERE EXISTS (SELECT 1 FROM collection c WHERE c.id = d.collection_id)
      GROUP BY d.collection_id, d.period
    ) delta
    -- A statement that moved nothing (say, a change of state_changed_at alone) touches no tally row.
    WHERE (delta.intentions, delta.obligations, delta.confirmed) <> (0, 0, 0)
    ORDER BY delta.collection_id, delta.period
    ON CONFLICT (collection_id, period) DO UPDATE SET
      intentions = t.intentions + EXCLUDED.intentions,
      obligations = t.obligations + EXCLUDED.obligations,
      confirmed = t.confirmed + EXCLUDED.confirmed
    $sql$,
    CASE TG_OP
      WHEN 'INSERT' THEN added
      WHEN 'DELETE' THEN removed
      ELSE added || ' UNION ALL ' || removed
    END);
  RETURN NULL;
END
$$;

CREATE TRIGGER "pledge_tally_insert" AFTER INSERT ON "pledge"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "collection_tally_apply"();
CREATE TRIGGER "pledge_tally_update" AFTER UPDATE ON "pledge"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "collection_tally_apply"();
CREATE TRIGGER "pledge_tally_delete" AFTER DELETE ON "pledge"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "collection_tally_apply"();
