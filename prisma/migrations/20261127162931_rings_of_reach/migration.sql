-- AlterTable
ALTER TABLE "collection" ADD COLUMN     "second_ring_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "collection_second_ring_due" ON "collection"("opened_at") WHERE ((closed_at IS NULL) AND (second_ring_at IS NULL));

-- Collections opened before rings were announced to their whole network (two ties) at once: their
-- second ring has heard already, and they stay suggestions as they were.
UPDATE "collection" SET "second_ring_at" = "opened_at";
