-- CreateIndex
CREATE UNIQUE INDEX "collection_one_open_per_kind" ON "collection"("member_id", "kind") WHERE (closed_at IS NULL);
