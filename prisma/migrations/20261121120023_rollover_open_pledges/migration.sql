-- CreateIndex
CREATE INDEX "pledge_open_by_period" ON "pledge"("period") WHERE ((state = ANY (ARRAY['intention'::"PledgeState", 'obligation'::"PledgeState", 'fulfilled'::"PledgeState"])) AND (NOT overdue));
