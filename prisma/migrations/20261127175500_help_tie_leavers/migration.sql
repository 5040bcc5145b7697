-- A leaver ties nobody (DOMAIN.md, "Profile"): their help ties are deleted when they leave
-- (members/profile.ts) and never come back, so the graph's walks read help_tie alone, with no
-- look-up of each tied member. The trigger below is help_tie_apply of migration help_tie with one
-- change: pairs with a member who left are passed over, so a later move of a leaver's pledge (a ⌛
-- obligation released, a gift confirmed) writes no tie.
CREATE OR REPLACE FUNCTION "help_tie_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
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
      -- A pledge deleted with its member, or of a member who left, leaves no tie behind.
      WHERE EXISTS (SELECT 1 FROM member g WHERE g.id = d.giver_id AND g.deleted_at IS NULL)
        AND EXISTS (SELECT 1 FROM member r WHERE r.id = d.receiver_id AND r.deleted_at IS NULL)
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

-- Those who left before this migration.
DELETE FROM "help_tie" t
USING "member" m
WHERE m.deleted_at IS NOT NULL AND (t.giver_id = m.id OR t.receiver_id = m.id);
