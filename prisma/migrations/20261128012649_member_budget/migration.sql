-- AlterTable
ALTER TABLE "member" ADD COLUMN     "budget" INTEGER;
