-- CreateEnum
CREATE TYPE "PledgeState" AS ENUM ('intention', 'obligation', 'fulfilled', 'confirmed', 'released', 'withdrawn', 'lapsed', 'cancelled', 'ended');

-- CreateTable
CREATE TABLE "pledge" (
    "id" SERIAL NOT NULL,
    "giver_id" INTEGER NOT NULL,
    "receiver_id" INTEGER NOT NULL,
    "collection_id" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "state" "PledgeState" NOT NULL,
    "period" DATE NOT NULL,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "renewed_from_id" INTEGER,
    "state_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pledge_event" (
    "id" BIGSERIAL NOT NULL,
    "pledge_id" INTEGER NOT NULL,
    "actor_id" INTEGER,
    "action" TEXT NOT NULL,
    "from_state" "PledgeState",
    "to_state" "PledgeState" NOT NULL,
    "amount" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pledge_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "recipient_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cycle_run" (
    "job" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "ran_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "result" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "cycle_run_pkey" PRIMARY KEY ("job","period")
);

-- CreateIndex
CREATE UNIQUE INDEX "pledge_renewed_from_id_key" ON "pledge"("renewed_from_id");

-- CreateIndex
CREATE INDEX "pledge_collection_id_period_state_idx" ON "pledge"("collection_id", "period", "state");

-- CreateIndex
CREATE INDEX "pledge_giver_id_state_period_idx" ON "pledge"("giver_id", "state", "period");

-- CreateIndex
CREATE INDEX "pledge_receiver_id_state_period_idx" ON "pledge"("receiver_id", "state", "period");

-- CreateIndex
CREATE INDEX "pledge_period_state_idx" ON "pledge"("period", "state");

-- CreateIndex
CREATE INDEX "pledge_event_pledge_id_action_at_idx" ON "pledge_event"("pledge_id", "action", "at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_dedupe_key_key" ON "outbox"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_sent_at_id_idx" ON "outbox"("sent_at", "id");

-- CreateIndex
CREATE INDEX "outbox_recipient_id_kind_idx" ON "outbox"("recipient_id", "kind");

-- CreateIndex
CREATE INDEX "collection_kind_closed_at_deadline_idx" ON "collection"("kind", "closed_at", "deadline");

-- AddForeignKey
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_giver_id_fkey" FOREIGN KEY ("giver_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_receiver_id_fkey" FOREIGN KEY ("receiver_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pledge_event" ADD CONSTRAINT "pledge_event_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
