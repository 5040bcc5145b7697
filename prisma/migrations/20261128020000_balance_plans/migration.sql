-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('open', 'applied', 'dismissed', 'superseded');

-- CreateEnum
CREATE TYPE "PlanReasonKind" AS ENUM ('emergency', 'uncovered', 'overCovered', 'kept');

-- CreateTable
CREATE TABLE "balance_run" (
    "id" SERIAL NOT NULL,
    "period" DATE NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "events" BIGINT NOT NULL DEFAULT 0,
    "finished_at" TIMESTAMPTZ(3),
    "stats" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "balance_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan" (
    "id" SERIAL NOT NULL,
    "giver_id" INTEGER NOT NULL,
    "run_id" INTEGER NOT NULL,
    "period" DATE NOT NULL,
    "status" "PlanStatus" NOT NULL DEFAULT 'open',
    "use" INTEGER NOT NULL,
    "moved" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "applied_at" TIMESTAMPTZ(3),
    "dismissed_at" TIMESTAMPTZ(3),
    "signature" TEXT NOT NULL,
    "basis_budget" INTEGER,
    "basis_own" TEXT NOT NULL,

    CONSTRAINT "plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_line" (
    "plan_id" INTEGER NOT NULL,
    "collection_id" INTEGER NOT NULL,
    "receiver_id" INTEGER NOT NULL,
    "kind" "CollectionKind" NOT NULL,
    "position" INTEGER NOT NULL,
    "current" INTEGER NOT NULL,
    "planned" INTEGER NOT NULL,
    "reason" "PlanReasonKind" NOT NULL,
    "reason_amount" INTEGER NOT NULL DEFAULT 0,
    "basis_goal" INTEGER NOT NULL,
    "basis_tally" TEXT NOT NULL,

    CONSTRAINT "plan_line_pkey" PRIMARY KEY ("plan_id","collection_id")
);

-- CreateIndex
CREATE INDEX "balance_run_period_id_idx" ON "balance_run"("period", "id");

-- CreateIndex
CREATE INDEX "plan_giver_id_period_id_idx" ON "plan"("giver_id", "period", "id");

-- CreateIndex
CREATE INDEX "plan_superseded" ON "plan"("run_id") WHERE (status = 'superseded'::"PlanStatus");

-- AddForeignKey
ALTER TABLE "plan" ADD CONSTRAINT "plan_giver_id_fkey" FOREIGN KEY ("giver_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan" ADD CONSTRAINT "plan_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "balance_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_line" ADD CONSTRAINT "plan_line_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
