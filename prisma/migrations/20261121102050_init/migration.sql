-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('green', 'orange', 'red');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('en', 'ru', 'uk');

-- CreateEnum
CREATE TYPE "CollectionKind" AS ENUM ('monthly', 'emergency');

-- CreateEnum
CREATE TYPE "CollectionOutcome" AS ENUM ('closed', 'reached', 'expired', 'ended');

-- CreateTable
CREATE TABLE "member" (
    "id" SERIAL NOT NULL,
    "telegram_id" BIGINT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT,
    "username" TEXT,
    "telegram_language" TEXT,
    "language" "Language" NOT NULL,
    "photo_url" TEXT,
    "status" "MemberStatus" NOT NULL DEFAULT 'green',
    "about" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collection" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "kind" "CollectionKind" NOT NULL,
    "goal" INTEGER NOT NULL,
    "deadline" TIMESTAMPTZ(3),
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "outcome" "CollectionOutcome",
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "collection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "member_telegram_id_key" ON "member"("telegram_id");

-- CreateIndex
CREATE INDEX "collection_member_id_kind_closed_at_idx" ON "collection"("member_id", "kind", "closed_at");

-- AddForeignKey
ALTER TABLE "collection" ADD CONSTRAINT "collection_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
