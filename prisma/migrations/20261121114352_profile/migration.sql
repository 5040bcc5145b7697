-- AlterTable
ALTER TABLE "member" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "display_name" TEXT,
ALTER COLUMN "telegram_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "payment_detail" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL,

    CONSTRAINT "payment_detail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_detail_member_id_position_idx" ON "payment_detail"("member_id", "position");

-- AddForeignKey
ALTER TABLE "payment_detail" ADD CONSTRAINT "payment_detail_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
