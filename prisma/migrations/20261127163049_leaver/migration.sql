-- CreateTable
CREATE TABLE "leaver" (
    "telegram_id_hash" TEXT NOT NULL,
    "left_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leaver_pkey" PRIMARY KEY ("telegram_id_hash")
);
