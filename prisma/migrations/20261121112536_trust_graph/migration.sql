-- AlterTable
ALTER TABLE "member" ADD COLUMN     "invited_by_id" INTEGER;

-- CreateTable
CREATE TABLE "invite" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "inviter_id" INTEGER NOT NULL,
    "target_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "invite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invite_open" (
    "invite_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invite_open_pkey" PRIMARY KEY ("invite_id","member_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invite_code_key" ON "invite"("code");

-- CreateIndex
CREATE INDEX "invite_inviter_id_created_at_idx" ON "invite"("inviter_id", "created_at");

-- CreateIndex
CREATE INDEX "invite_open_member_id_idx" ON "invite_open"("member_id");

-- CreateIndex
CREATE INDEX "member_invited_by_id_idx" ON "member"("invited_by_id");

-- CreateIndex
CREATE INDEX "pledge_help_tie_giver" ON "pledge"("giver_id", "receiver_id") WHERE (state = ANY (ARRAY['intention'::"PledgeState", 'obligation'::"PledgeState", 'fulfilled'::"PledgeState"]));

-- CreateIndex
CREATE INDEX "pledge_help_tie_receiver" ON "pledge"("receiver_id", "giver_id") WHERE (state = ANY (ARRAY['intention'::"PledgeState", 'obligation'::"PledgeState", 'fulfilled'::"PledgeState"]));

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_invited_by_id_fkey" FOREIGN KEY ("invited_by_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite" ADD CONSTRAINT "invite_inviter_id_fkey" FOREIGN KEY ("inviter_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite" ADD CONSTRAINT "invite_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite_open" ADD CONSTRAINT "invite_open_invite_id_fkey" FOREIGN KEY ("invite_id") REFERENCES "invite"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite_open" ADD CONSTRAINT "invite_open_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
