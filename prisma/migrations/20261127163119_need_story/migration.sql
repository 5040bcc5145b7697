-- AlterTable
ALTER TABLE "collection" ADD COLUMN     "story" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "collection_update" (
    "id" SERIAL NOT NULL,
    "collection_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "collection_update_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "collection_update_collection_id_id_idx" ON "collection_update"("collection_id", "id");

-- CreateIndex
CREATE INDEX "collection_update_member_id_created_at_idx" ON "collection_update"("member_id", "created_at");

-- AddForeignKey
ALTER TABLE "collection_update" ADD CONSTRAINT "collection_update_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
