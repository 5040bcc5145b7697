-- Initiatives and pools of mutual intentions (DOMAIN.md "Initiatives (social design)", "Pools of
-- mutual intentions"; packages/shared/src/initiative.ts and pool.ts).
--
-- Values added to an existing enum cannot be used in the transaction that adds them (and src/migrate.ts
-- runs every pending migration in one): nothing below names 'initiative' or 'claim' of
-- "CollectionKind". The one-open-per-kind index names the two kinds it keeps to instead.

-- CreateEnum
CREATE TYPE "InitiativeStatus" AS ENUM ('open', 'ahead', 'done', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('filed', 'backed', 'shared', 'covered', 'partlyCovered', 'withdrawn', 'lapsed');

-- CreateEnum
CREATE TYPE "ShareAnswer" AS ENUM ('offered', 'committed', 'declined');

-- AlterEnum
ALTER TYPE "CollectionKind" ADD VALUE 'initiative';
ALTER TYPE "CollectionKind" ADD VALUE 'claim';

-- AlterEnum
ALTER TYPE "PledgeEventAction" ADD VALUE 'callOff';
ALTER TYPE "PledgeEventAction" ADD VALUE 'share';
ALTER TYPE "PledgeEventAction" ADD VALUE 'commitShare';
ALTER TYPE "PledgeEventAction" ADD VALUE 'declineShare';

-- One open monthly and one open emergency collection per member, as before; initiatives and claims
-- are limited otherwise (several initiatives; one claim in progress per member and pool).
DROP INDEX "collection_one_open_per_kind";

-- AlterTable
ALTER TABLE "collection" ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3),
ADD COLUMN     "done_at" TIMESTAMPTZ(3),
ADD COLUMN     "failed_at" TIMESTAMPTZ(3),
ADD COLUMN     "initiative_status" "InitiativeStatus",
ADD COLUMN     "title" TEXT,
ADD COLUMN     "went_ahead_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "pool" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "rules" TEXT NOT NULL,
    "backers_needed" INTEGER NOT NULL DEFAULT 2,
    "answer_days" INTEGER NOT NULL DEFAULT 3,
    "largest_claim" INTEGER NOT NULL,
    "founded_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pool_member" (
    "pool_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "cap" INTEGER NOT NULL,
    "cap_changed_at" TIMESTAMPTZ(3) NOT NULL,
    "invited_by_id" INTEGER,
    "joined_at" TIMESTAMPTZ(3) NOT NULL,
    "left_at" TIMESTAMPTZ(3),

    CONSTRAINT "pool_member_pkey" PRIMARY KEY ("pool_id","member_id")
);

-- CreateTable
CREATE TABLE "claim" (
    "collection_id" INTEGER NOT NULL,
    "pool_id" INTEGER NOT NULL,
    "claimant_id" INTEGER NOT NULL,
    "status" "ClaimStatus" NOT NULL DEFAULT 'filed',
    "filed_at" TIMESTAMPTZ(3) NOT NULL,
    "back_by" TIMESTAMPTZ(3) NOT NULL,
    "backed_at" TIMESTAMPTZ(3),
    "shared_at" TIMESTAMPTZ(3),
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "claim_pkey" PRIMARY KEY ("collection_id")
);

-- CreateTable
CREATE TABLE "claim_backer" (
    "claim_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "backed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "claim_backer_pkey" PRIMARY KEY ("claim_id","member_id")
);

-- CreateTable
CREATE TABLE "pool_share" (
    "pledge_id" INTEGER NOT NULL,
    "claim_id" INTEGER NOT NULL,
    "pool_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 0,
    "cap_left" INTEGER NOT NULL,
    "answer" "ShareAnswer" NOT NULL DEFAULT 'offered',
    "answer_by" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),

    CONSTRAINT "pool_share_pkey" PRIMARY KEY ("pledge_id")
);

-- CreateIndex
CREATE INDEX "pool_member_member_id_pool_id_idx" ON "pool_member"("member_id", "pool_id");

-- CreateIndex
CREATE INDEX "claim_pool_id_collection_id_idx" ON "claim"("pool_id", "collection_id");

-- CreateIndex
CREATE INDEX "claim_backing_due" ON "claim"("back_by") WHERE (status = 'filed'::"ClaimStatus");

-- CreateIndex
CREATE UNIQUE INDEX "claim_one_open_per_member" ON "claim"("pool_id", "claimant_id") WHERE (status = ANY (ARRAY['filed'::"ClaimStatus", 'backed'::"ClaimStatus", 'shared'::"ClaimStatus"]));

-- CreateIndex
CREATE INDEX "claim_backer_member_id_idx" ON "claim_backer"("member_id");

-- CreateIndex
CREATE INDEX "pool_share_claim_id_round_idx" ON "pool_share"("claim_id", "round");

-- CreateIndex
CREATE INDEX "pool_share_pool_id_member_id_idx" ON "pool_share"("pool_id", "member_id");

-- CreateIndex
CREATE INDEX "pool_share_answer_due" ON "pool_share"("answer_by") WHERE (answer = 'offered'::"ShareAnswer");

-- The scheduler's scans: open initiatives by deadline, claims waiting for backers, unanswered shares.
CREATE INDEX "collection_initiative_due" ON "collection"("deadline") WHERE (initiative_status = 'open'::"InitiativeStatus");

-- CreateIndex
CREATE UNIQUE INDEX "collection_one_open_per_kind" ON "collection"("member_id", "kind") WHERE ((closed_at IS NULL) AND (kind = ANY (ARRAY['monthly'::"CollectionKind", 'emergency'::"CollectionKind"])));

-- AddForeignKey
ALTER TABLE "pool" ADD CONSTRAINT "pool_founded_by_id_fkey" FOREIGN KEY ("founded_by_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_member" ADD CONSTRAINT "pool_member_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "pool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_member" ADD CONSTRAINT "pool_member_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_member" ADD CONSTRAINT "pool_member_invited_by_id_fkey" FOREIGN KEY ("invited_by_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim" ADD CONSTRAINT "claim_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim" ADD CONSTRAINT "claim_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "pool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim" ADD CONSTRAINT "claim_claimant_id_fkey" FOREIGN KEY ("claimant_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim_backer" ADD CONSTRAINT "claim_backer_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claim"("collection_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim_backer" ADD CONSTRAINT "claim_backer_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_share" ADD CONSTRAINT "pool_share_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_share" ADD CONSTRAINT "pool_share_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claim"("collection_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_share" ADD CONSTRAINT "pool_share_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "pool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_share" ADD CONSTRAINT "pool_share_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the rules in shared say, held by the database too.
ALTER TABLE "pool" ADD CONSTRAINT "pool_rules_check"
  CHECK ("backers_needed" >= 1 AND "answer_days" >= 1 AND "largest_claim" > 0);
ALTER TABLE "pool_member" ADD CONSTRAINT "pool_member_cap_check" CHECK ("cap" > 0);
ALTER TABLE "pool_share" ADD CONSTRAINT "pool_share_cap_left_check" CHECK ("cap_left" > 0);
