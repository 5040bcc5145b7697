-- Clearing rounds (DOMAIN.md "Clearing of mutual obligations"; apps/server/src/clearing/rounds.ts).

-- AlterEnum
ALTER TYPE "PledgeEventAction" ADD VALUE 'clear';
ALTER TYPE "PledgeEventAction" ADD VALUE 'clearRest';

-- CreateEnum
CREATE TYPE "ClearingRoundStatus" AS ENUM ('proposed', 'applied', 'failed');

-- AlterTable
ALTER TABLE "pledge" ADD COLUMN "clearing_offered_at" TIMESTAMPTZ(3);

-- The offered obligations a round loads: only those, by a partial index.
CREATE INDEX "pledge_clearing_offered" ON "pledge"("giver_id") WHERE "clearing_offered_at" IS NOT NULL;

-- CreateTable
CREATE TABLE "clearing_round" (
    "id" SERIAL NOT NULL,
    "period" DATE NOT NULL,
    "status" "ClearingRoundStatus" NOT NULL DEFAULT 'proposed',
    "proposed_at" TIMESTAMPTZ(3) NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "solved_at" TIMESTAMPTZ(3) NOT NULL,
    "total" BIGINT NOT NULL DEFAULT 0,
    "applied_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),

    CONSTRAINT "clearing_round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clearing_part" (
    "round_id" INTEGER NOT NULL,
    "pledge_id" INTEGER NOT NULL,
    "debtor_id" INTEGER NOT NULL,
    "creditor_id" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "overdue" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "cleared" INTEGER NOT NULL DEFAULT 0,
    "excluded_at" TIMESTAMPTZ(3),

    CONSTRAINT "clearing_part_pkey" PRIMARY KEY ("round_id","pledge_id")
);

-- CreateTable
CREATE TABLE "clearing_answer" (
    "round_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "digest" TEXT NOT NULL,
    "agreed_at" TIMESTAMPTZ(3),
    "declined_at" TIMESTAMPTZ(3),

    CONSTRAINT "clearing_answer_pkey" PRIMARY KEY ("round_id","member_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "clearing_round_period_key" ON "clearing_round"("period");
CREATE INDEX "clearing_round_status_deadline_idx" ON "clearing_round"("status", "deadline");
CREATE INDEX "clearing_part_pledge_id_idx" ON "clearing_part"("pledge_id");
CREATE INDEX "clearing_answer_member_id_round_id_idx" ON "clearing_answer"("member_id", "round_id");

-- AddForeignKey
ALTER TABLE "clearing_part" ADD CONSTRAINT "clearing_part_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "clearing_round"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clearing_part" ADD CONSTRAINT "clearing_part_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clearing_answer" ADD CONSTRAINT "clearing_answer_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "clearing_round"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clearing_answer" ADD CONSTRAINT "clearing_answer_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
