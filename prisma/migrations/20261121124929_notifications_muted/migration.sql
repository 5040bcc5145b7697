-- AlterTable
ALTER TABLE "member" ADD COLUMN     "notifications_muted" TEXT[] DEFAULT ARRAY[]::TEXT[];
