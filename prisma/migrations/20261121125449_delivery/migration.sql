-- DropIndex
DROP INDEX "outbox_sent_at_id_idx";

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "unreachable_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "error" TEXT,
ADD COLUMN     "failed_at" TIMESTAMPTZ(3),
ADD COLUMN     "lease_until" TIMESTAMPTZ(3),
ADD COLUMN     "link" TEXT NOT NULL DEFAULT '_home',
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "dispatch_pace" (
    "id" INTEGER NOT NULL,
    "next_slot" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dispatch_pace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_pace" (
    "member_id" INTEGER NOT NULL,
    "next_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chat_pace_pkey" PRIMARY KEY ("member_id")
);

-- CreateIndex
CREATE INDEX "outbox_pending" ON "outbox"("id") WHERE ((sent_at IS NULL) AND (failed_at IS NULL));
