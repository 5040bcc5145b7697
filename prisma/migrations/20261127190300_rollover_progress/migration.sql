-- AlterTable
ALTER TABLE "cycle_run" ADD COLUMN     "cursor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "events" int8multirange NOT NULL DEFAULT '{}'::int8multirange,
ADD COLUMN     "finished_at" TIMESTAMPTZ(3);

-- The rollovers before this migration ran in one transaction: each one that left a row finished.
UPDATE "cycle_run" SET "finished_at" = "ran_at";
