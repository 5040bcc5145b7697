-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "coalesce_key" TEXT,
ADD COLUMN     "sender_id" INTEGER;

-- CreateIndex
CREATE INDEX "outbox_sender" ON "outbox"("sender_id", "recipient_id") WHERE (sender_id IS NOT NULL);

-- CreateIndex
CREATE INDEX "outbox_waiting_news" ON "outbox"("coalesce_key") WHERE ((coalesce_key IS NOT NULL) AND (sent_at IS NULL) AND (failed_at IS NULL));

-- The cap per member on messages to another (packages/shared/src/limits.ts): messages one member's
-- actions make the bot send one other member are serialised per pair by this lock, so that two
-- writers at once (a pledge's news and a need's announcement) cannot both see room for one more.
CREATE FUNCTION "outbox_pair_lock"(from_member integer, to_member integer) RETURNS void
LANGUAGE sql VOLATILE AS $$
  SELECT pg_advisory_xact_lock(hashtextextended('outbox ' || from_member || '>' || to_member, 0))
$$;

-- When a new message from `from_member` to `to_member` may leave, at `earliest` or later: never
-- before the pair's latest message (their messages leave in order), and never while `cap` of them
-- leave (or left) within `span` of it. Each row's time is when it left, or is due to leave; held
-- messages keep their time. With times that only grow and each new one at least `span` after the
-- `cap`-th latest, no window of `span` ever holds more than `cap`. Messages Exodus sends of its own
-- accord (no sender) leave at `earliest`. VOLATILE: it reads the pair's rows after taking the lock,
-- also when called for each row of a set-based insert.
CREATE FUNCTION "outbox_slot"(
  from_member integer, to_member integer, earliest timestamptz, cap integer, span interval
) RETURNS timestamptz LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF from_member IS NULL OR from_member = to_member THEN
    RETURN earliest;
  END IF;
  PERFORM outbox_pair_lock(from_member, to_member);
  RETURN GREATEST(
    earliest,
    (SELECT max(COALESCE(o.sent_at, o.next_attempt_at)) FROM outbox o
      WHERE o.sender_id = from_member AND o.recipient_id = to_member AND o.failed_at IS NULL
        AND COALESCE(o.sent_at, o.next_attempt_at) > earliest),
    (SELECT r.at + span FROM (
        SELECT COALESCE(o.sent_at, o.next_attempt_at) AS at FROM outbox o
        WHERE o.sender_id = from_member AND o.recipient_id = to_member AND o.failed_at IS NULL
          AND COALESCE(o.sent_at, o.next_attempt_at) > earliest - span
        ORDER BY at DESC OFFSET cap - 1 LIMIT 1
      ) r)
  );
END
$$;
