-- CreateTable
CREATE TABLE "pool_invitation" (
    "pool_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "invited_by_id" INTEGER NOT NULL,
    "invited_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pool_invitation_pkey" PRIMARY KEY ("pool_id","member_id")
);

-- CreateIndex
CREATE INDEX "pool_invitation_member_id_idx" ON "pool_invitation"("member_id");

-- AddForeignKey
ALTER TABLE "pool_invitation" ADD CONSTRAINT "pool_invitation_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "pool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_invitation" ADD CONSTRAINT "pool_invitation_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_invitation" ADD CONSTRAINT "pool_invitation_invited_by_id_fkey" FOREIGN KEY ("invited_by_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A pool claim's share ties nobody (DOMAIN.md "Pools of mutual intentions": being in one pool makes
-- its members visible to each other there only). help_tie_apply of migration help_tie_leavers with
-- one change: pledges to a collection of kind claim are passed over.
CREATE OR REPLACE FUNCTION "help_tie_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added text := $q$SELECT giver_id, receiver_id, collection_id,
      CASE WHEN state IN ('intention', 'obligation', 'fulfilled') THEN 1 ELSE 0 END AS live,
      CASE WHEN state = 'confirmed' THEN state_changed_at END AS confirmed_at
    FROM new_rows$q$;
  removed text := $q$SELECT giver_id, receiver_id, collection_id,
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
      -- A pledge deleted with its member, or of a member who left, leaves no tie behind.
      WHERE EXISTS (SELECT 1 FROM member g WHERE g.id = d.giver_id AND g.deleted_at IS NULL)
        AND EXISTS (SELECT 1 FROM member r WHERE r.id = d.receiver_id AND r.deleted_at IS NULL)
        -- A pool claim's share ties nobody: pool members see each other in the pool only.
        AND NOT EXISTS (SELECT 1 FROM collection c WHERE c.id = d.collection_id AND c.kind = 'claim')
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

