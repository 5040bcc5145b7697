-- CreateTable
CREATE TABLE "export_link" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "export_link_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "export_link_token_hash_key" ON "export_link"("token_hash");

-- CreateIndex
CREATE INDEX "export_link_member_id_idx" ON "export_link"("member_id");

-- AddForeignKey
ALTER TABLE "export_link" ADD CONSTRAINT "export_link_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
