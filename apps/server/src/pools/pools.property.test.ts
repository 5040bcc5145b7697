import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../seeded-random.ts";
import { createTestApp, type TestUser } from "../testing.ts";
import { runPoolDeadlines } from "./life.ts";

/**
 * Pool claims on seeded random pools, through the API and the database (issue 15, item 4): random
 * caps, a random claim, enough backers, then random answers — commit, decline (which leaves the
 * pool and re-shares), or silence (which stands at the deadline). After every step:
 * - no member carries more this month than their cap (their shares offered or committed);
 * - the shares not declined and the 🙏 uncovered add up to the claim, in whole cents;
 * - a sharing gives what the caps left allow: min(what is to share, Σ caps left of those it goes to),
 *   and nobody's share is above their cap left.
 * At the end every share is answered and the claim is covered exactly when nothing is uncovered.
 */

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date("2027-08-03T12:00:00Z");
const SEEDS = 20;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

async function memberId(u: TestUser) {
  const m = await app.db.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } });
  return m.id;
}

type Claim = Awaited<ReturnType<ReturnType<App["as"]>["pool"]["claim"]>>;

interface Seen {
  declines: number;
  partly: boolean;
  covered: boolean;
}

async function play(seed: number): Promise<Seen> {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  app.setNow(START);
  const everyone = await app.members("Ann", "Ben", "Cat", "Dan", "Fay", "Gil");
  const people = everyone.slice(0, int(3, everyone.length));
  const [claimant, ...others] = people as [TestUser, ...TestUser[]];
  const caps = people.map(() => int(1, 60) * 100 + int(0, 99));
  const backersNeeded = int(1, Math.min(3, others.length));
  const pool = await app.as(claimant).pool.create({
    name: `Seed ${seed}`,
    rules: "Whatever the members agree is an accident.",
    backersNeeded,
    answerDays: 2,
    largestClaim: 10_000_00,
    cap: caps[0] as number,
  });
  const idOf = new Map<number, TestUser>();
  const capOf = new Map<number, number>();
  for (const [i, u] of people.entries()) {
    const id = await memberId(u);
    idOf.set(id, u);
    capOf.set(id, caps[i] as number);
    if (i === 0) continue;
    await app.as(claimant).pool.invite({ poolId: pool.id, memberId: id });
    await app.as(u).pool.join({ poolId: pool.id, cap: caps[i] as number });
  }
  const othersCaps = caps.slice(1).reduce((a, b) => a + b, 0);
  const amount = int(1, othersCaps);
  const filed = await app.as(claimant).pool.fileClaim({
    poolId: pool.id,
    amount,
    story: "Something happened.",
  });

  const left = new Set<number>();
  const check = (claim: Claim, step: string) => {
    // The decliner left the pool: nothing is offered to them any more (what they committed stays).
    for (const s of claim.shares) {
      if (left.has(s.memberId)) expect(s.answer, `seed ${seed} ${step}`).not.toBe("offered");
    }
    const live = claim.shares.filter((s) => s.answer !== "declined");
    const carried = live.reduce((sum, s) => sum + s.amount, 0);
    expect(carried + claim.uncovered, `seed ${seed} ${step}: shares + 🙏 = claim`).toBe(amount);
    for (const [id, cap] of capOf) {
      const mine = live.filter((s) => s.memberId === id).reduce((sum, s) => sum + s.amount, 0);
      expect(mine, `seed ${seed} ${step}: member ${id} within cap`).toBeLessThanOrEqual(cap);
    }
    for (const s of claim.shares) expect(Number.isInteger(s.amount) && s.amount > 0).toBe(true);
  };

  for (const backer of others.slice(0, backersNeeded)) {
    await app.as(backer).pool.back({ collectionId: filed.id });
  }
  let claim = await app.as(claimant).pool.claim({ collectionId: filed.id });
  expect(claim.status, `seed ${seed}`).toBe("shared");
  // The first sharing: what the caps left allow, pro rata, none above its cap left.
  expect(claim.shares.reduce((s, x) => s + x.amount, 0)).toBe(Math.min(amount, othersCaps));
  for (const s of claim.shares) expect(s.amount).toBeLessThanOrEqual(capOf.get(s.memberId) ?? 0);
  check(claim, "shared");

  let declines = 0;
  for (let step = 0; step < 20; step++) {
    const offered = claim.shares.filter((s) => s.answer === "offered");
    if (offered.length === 0) break;
    const s = offered[int(0, offered.length - 1)] as (typeof offered)[number];
    const giver = idOf.get(s.memberId) as TestUser;
    const roll = random();
    if (roll < 0.3) {
      await app.as(giver).pool.answerShare({ pledgeId: s.pledgeId, answer: "decline" });
      declines++;
      left.add(s.memberId);
    } else if (roll < 0.8) {
      await app.as(giver).pool.answerShare({ pledgeId: s.pledgeId, answer: "commit" });
    } else {
      break; // the rest stay silent
    }
    claim = await app.as(claimant).pool.claim({ collectionId: filed.id });
    check(claim, `step ${step}`);
  }
  // Silence stands once the answer days are over (and shares offered on the way stand too).
  app.setNow(new Date(START.getTime() + 3 * DAY_MS));
  await runPoolDeadlines(app.db.prisma, app.now());
  claim = await app.as(claimant).pool.claim({ collectionId: filed.id });
  check(claim, "settled");
  expect(claim.shares.some((s) => s.answer === "offered")).toBe(false);
  expect(claim.committed + claim.uncovered).toBe(amount);
  expect(claim.status, `seed ${seed}`).toBe(claim.uncovered === 0 ? "covered" : "partlyCovered");
  return {
    declines,
    partly: claim.status === "partlyCovered",
    covered: claim.status === "covered",
  };
}

describe("pool claims on seeded random pools", () => {
  it(`keep caps, add up to the claim and settle right on ${SEEDS} pools; the seeds reach declines and both endings`, async () => {
    const seen: Seen[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) seen.push(await play(seed));
    expect(seen.reduce((s, x) => s + x.declines, 0)).toBeGreaterThan(0);
    expect(seen.some((x) => x.partly)).toBe(true);
    expect(seen.some((x) => x.covered)).toBe(true);
  }, 120_000);
});
