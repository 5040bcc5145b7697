-- CreateEnum
CREATE TYPE "PledgeEventAction" AS ENUM ('create', 'edit', 'withdraw', 'commit', 'fulfil', 'confirm', 'notReceived', 'release', 'lapse', 'end', 'cancel', 'overdue', 'carry', 'renew', 'leave', 'askCommit', 'askFulfil', 'remindConfirm');

-- AlterTable: the audit rows written so far keep their words, now typed (their index is rebuilt).
ALTER TABLE "pledge_event" ALTER COLUMN "action" TYPE "PledgeEventAction" USING ("action"::"PledgeEventAction");
