-- CreateIndex
CREATE INDEX "member_leavers" ON "member"("id") WHERE (deleted_at IS NOT NULL);

-- CreateIndex
CREATE INDEX "pledge_circle" ON "pledge"("collection_id", "period", "giver_id") WHERE ((state = ANY (ARRAY['intention'::"PledgeState", 'obligation'::"PledgeState", 'fulfilled'::"PledgeState", 'confirmed'::"PledgeState"])) AND (NOT overdue));
