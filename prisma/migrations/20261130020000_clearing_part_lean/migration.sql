-- A round takes every offered obligation into clearing_part at once: a million rows at the scale of
-- a whole network (`pnpm bench:clearing`). Row-level foreign-key checks cost two lookups per row
-- (round and pledge), and an index by pledge_id one more insert per row, together most of the
-- taking; nothing reads parts by pledge alone. The rows are only ever written by that one
-- INSERT … SELECT from the pledges of a round just inserted, so they refer to existing rows by
-- construction; the cascades on delete stay, as statement-level triggers (one statement each, not
-- one per row). Nothing in the app deletes a round or a pledge.

-- DropForeignKey
ALTER TABLE "clearing_part" DROP CONSTRAINT "clearing_part_round_id_fkey";
ALTER TABLE "clearing_part" DROP CONSTRAINT "clearing_part_pledge_id_fkey";

-- DropIndex
DROP INDEX "clearing_part_pledge_id_idx";

CREATE FUNCTION "clearing_part_round_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM clearing_part cp USING old_rows o WHERE cp.round_id = o.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER "clearing_round_parts_delete" AFTER DELETE ON "clearing_round"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "clearing_part_round_deleted"();

CREATE FUNCTION "clearing_part_pledge_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM clearing_part cp USING old_rows o WHERE cp.pledge_id = o.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER "pledge_clearing_parts_delete" AFTER DELETE ON "pledge"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "clearing_part_pledge_deleted"();
