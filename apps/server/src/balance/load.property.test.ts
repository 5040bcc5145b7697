/**
 * The balancer on the books, property-based: seeded random small networks built through the API as
 * people would (joining by each other's links, opening monthly needs and emergencies, pledging,
 * committing, opening links to a member in need, stating a budget; some givers open an emergency of
 * their own after pledging, which freezes their pledges), then the whole network loaded and solved.
 * What is checked against a model computed here in JS from what was done — ties by BFS, not the
 * app's tie table:
 * - every pair the plans may use (and so every line) is a collection of a member within two ties
 *   of the giver or the target of a link the giver opened; never the giver's own; never a ✅ member's;
 * - no line is a pledge that already binds (an obligation); frozen givers have no plan;
 * - each giver's use is max(Σ intentions, budget − committed) (Σ intentions without a budget), and
 *   no plan exceeds it; each need is the goal less obligations and frozen intentions;
 * - the plans are the exact optimum of the loaded instance (levels 1–3 equal the HiGHS LPs').
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestUser } from "../testing.ts";
import { exactBalance } from "./exact.ts";
import { seededRandom } from "./instances.ts";
import { loadInstance } from "./load.ts";
import { pairKey } from "./model.ts";
import { solveBalance } from "./solver.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

const NETWORKS = 6;

interface Person {
  user: TestUser;
  id: number;
  code: string;
  root: boolean;
}

describe("plans from the books", () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it(`offer only what the rules allow, within each giver's use, on ${NETWORKS} random networks`, async () => {
    // The model, over every network built so far (the loader reads the whole database).
    const ties = new Map<number, Set<number>>();
    const opened = new Map<number, Set<number>>();
    const ownerOf = new Map<number, number>();
    const collectionOf = new Map<number, { id: number; goal: number }>();
    const budgetOf = new Map<number, number>();
    const pledges: { giver: number; collection: number; amount: number; binds: boolean }[] = [];
    const tie = (a: number, b: number) => {
      if (a === b) return;
      ties.set(a, (ties.get(a) ?? new Set()).add(b));
      ties.set(b, (ties.get(b) ?? new Set()).add(a));
    };
    const open = (member: number, target: number) =>
      opened.set(member, (opened.get(member) ?? new Set()).add(target));
    const withinTwo = (g: number) => {
      const reach = new Set<number>();
      for (const a of ties.get(g) ?? []) {
        reach.add(a);
        for (const b of ties.get(a) ?? []) reach.add(b);
      }
      reach.delete(g);
      return reach;
    };
    const mayGiveTo = (g: number, receiver: number) =>
      receiver !== g && (withinTwo(g).has(receiver) || (opened.get(g)?.has(receiver) ?? false));

    let telegramId = 7_700_000;
    let checkedLines = 0;
    let checkedPairs = 0;
    let linkedFar = 0;
    const needy: Person[] = [];
    for (let seed = 1; seed <= NETWORKS; seed++) {
      const r = seededRandom(seed * 7919);
      const people: Person[] = [];
      const size = r.int(5, 9);
      for (let n = 0; n < size; n++) {
        const user: TestUser = {
          id: telegramId++,
          first_name: `P${seed}_${n}`,
          language_code: "en",
        };
        const inviter = n > 0 && r.chance(0.85) ? people[r.int(0, n - 1)] : undefined;
        if (inviter) await app.as(user).network.openInvite({ code: inviter.code });
        const { code } = await app.as(user).network.createInvite({});
        const row = await app.db.prisma.member.findUniqueOrThrow({
          where: { telegramId: BigInt(user.id) },
        });
        people.push({ user, id: row.id, code, root: inviter === undefined });
        if (inviter) {
          tie(row.id, inviter.id);
          open(row.id, inviter.id);
        }
      }

      // Needs.
      for (const p of people) {
        const pick = r.next();
        if (pick < 0.5) continue;
        const goal = 100 * r.int(10, 300);
        if (pick < 0.8) await app.as(p.user).member.changeStatus({ action: "openMonthly", goal });
        else {
          await app.as(p.user).member.changeStatus({
            action: "openEmergency",
            goal,
            days: r.int(1, 5),
          });
        }
      }
      const collections = await app.db.prisma.collection.findMany({
        where: { memberId: { in: people.map((p) => p.id) }, closedAt: null },
      });
      for (const c of collections) {
        ownerOf.set(c.id, c.memberId);
        collectionOf.set(c.memberId, { id: c.id, goal: c.goal });
      }

      // Links to a member in need, by members who already have a referral (so no new tie): one from
      // within the network (made by someone who may see the target), or the target's own link from
      // an earlier network (the only way to reach them).
      for (const p of people) {
        if (p.root || !r.chance(0.35)) continue;
        const far = r.chance(0.5) && needy.length > 0;
        const by = far ? needy[r.int(0, needy.length - 1)] : people[r.int(0, people.length - 1)];
        const target = far ? by : people[r.int(0, people.length - 1)];
        if (!by || !target || !collectionOf.has(target.id) || p.id === target.id) continue;
        try {
          const { code } = await app
            .as(by.user)
            .network.createInvite(by.id === target.id ? {} : { targetId: target.id });
          await app.as(p.user).network.openInvite({ code });
          open(p.id, target.id);
          if (!withinTwo(p.id).has(target.id)) linkedFar++;
        } catch {
          // Refused (the target is outside the inviter's network): nothing opened.
        }
      }
      needy.push(...people.filter((p) => collectionOf.has(p.id)));

      // Pledges: intentions, some committed; to an emergency, an obligation at once.
      for (const p of people) {
        for (const q of people) {
          const c = collectionOf.get(q.id);
          if (!c || !mayGiveTo(p.id, q.id) || !r.chance(0.45)) continue;
          const amount = 100 * r.int(1, 80);
          try {
            const pledge = await app.as(p.user).pledge.create({ collectionId: c.id, amount });
            const entry = {
              giver: p.id,
              collection: c.id,
              amount,
              binds: pledge.state !== "intention",
            };
            if (!entry.binds && r.chance(0.2)) {
              await app.as(p.user).pledge.act({ pledgeId: pledge.id, action: "commit" });
              entry.binds = true;
            }
            pledges.push(entry);
            tie(p.id, q.id);
          } catch {
            // Refused (e.g. a member in an emergency pledges to no one): nothing pledged.
          }
        }
      }
      // Budgets, and a giver who falls into an emergency (their pledges freeze).
      for (const p of people) {
        if (r.chance(0.4)) {
          const budget = 100 * r.int(0, 200);
          await app.db.prisma.$executeRaw`UPDATE member SET budget = ${budget} WHERE id = ${p.id}`;
          budgetOf.set(p.id, budget);
        }
        if (!collectionOf.has(p.id) && r.chance(0.12)) {
          await app
            .as(p.user)
            .member.changeStatus({ action: "openEmergency", goal: 5_000, days: 3 });
          const c = await app.db.prisma.collection.findFirstOrThrow({
            where: { memberId: p.id, closedAt: null },
          });
          ownerOf.set(c.id, p.id);
          collectionOf.set(p.id, { id: c.id, goal: c.goal });
        }
      }

      // Load and solve the whole network.
      const { instance } = await loadInstance(app.db.prisma, app.now(), "UTC");
      const result = solveBalance(instance);
      const status = new Map(
        (await app.db.prisma.member.findMany({ select: { id: true, status: true } })).map((m) => [
          m.id,
          m.status,
        ]),
      );
      const frozen = (g: number) => status.get(g) === "red";
      const where = `network ${seed}`;

      const binding = new Set(
        pledges.filter((p) => p.binds).map((p) => pairKey(p.giver, p.collection)),
      );
      for (const pair of instance.pairs) {
        const receiver = ownerOf.get(pair.collectionId);
        const key = pairKey(pair.giverId, pair.collectionId);
        expect(receiver, `${where}: pair ${key} to an unknown collection`).toBeDefined();
        expect(
          mayGiveTo(pair.giverId, receiver ?? -1),
          `${where}: pair ${key} outside the network`,
        ).toBe(true);
        expect(status.get(receiver ?? -1), `${where}: pair ${key} to a ✅ member`).not.toBe(
          "green",
        );
        expect(binding.has(key), `${where}: pair ${key} already binds`).toBe(false);
        expect(frozen(pair.giverId), `${where}: a frozen giver's pair ${key}`).toBe(false);
        checkedPairs++;
      }
      // ...and every pair they allow is offered.
      // (A collection that lacks nothing is offered only to those who intend to it already.)
      const offered = new Set(instance.pairs.map((p) => pairKey(p.giverId, p.collectionId)));
      const needOf = new Map(instance.collections.map((c) => [c.id, c.need]));
      const intends = new Set(
        pledges.filter((p) => !p.binds).map((p) => pairKey(p.giver, p.collection)),
      );
      for (const g of instance.givers) {
        for (const [receiver, c] of collectionOf) {
          const key = pairKey(g.id, c.id);
          const allowed =
            mayGiveTo(g.id, receiver) &&
            status.get(receiver) !== "green" &&
            !binding.has(key) &&
            ((needOf.get(c.id) ?? 0) > 0 || intends.has(key));
          expect(offered.has(key), `${where}: pair ${key} offered (allowed: ${allowed})`).toBe(
            allowed,
          );
        }
      }
      for (const line of result.lines) {
        const key = pairKey(line.giverId, line.collectionId);
        expect(binding.has(key), `${where}: line ${key} is an obligation`).toBe(false);
        expect(mayGiveTo(line.giverId, ownerOf.get(line.collectionId) ?? -1), key).toBe(true);
        checkedLines++;
      }

      // Each giver's use, from what they pledged and their budget.
      const intended = new Map<number, number>();
      const committed = new Map<number, number>();
      for (const p of pledges) {
        const into = p.binds ? committed : intended;
        into.set(p.giver, (into.get(p.giver) ?? 0) + p.amount);
      }
      const expectedGivers = [...new Set([...intended.keys(), ...budgetOf.keys()])]
        .filter((g) => !frozen(g))
        .sort((a, b) => a - b)
        .map((g) => {
          const i = intended.get(g) ?? 0;
          const budget = budgetOf.get(g);
          return {
            id: g,
            use: budget === undefined ? i : Math.max(i, budget - (committed.get(g) ?? 0)),
          };
        });
      expect(
        [...instance.givers].sort((a, b) => a.id - b.id),
        `${where}: givers' use`,
      ).toEqual(expectedGivers);
      const planned = new Map<number, number>();
      for (const line of result.lines) {
        planned.set(line.giverId, (planned.get(line.giverId) ?? 0) + line.amount);
      }
      for (const g of instance.givers) {
        expect(planned.get(g.id) ?? 0, `${where}: giver ${g.id} above use`).toBeLessThanOrEqual(
          g.use,
        );
      }

      // Each need: the goal less what binds and what frozen givers intend.
      const taken = new Map<number, number>();
      for (const p of pledges) {
        if (p.binds || frozen(p.giver)) {
          taken.set(p.collection, (taken.get(p.collection) ?? 0) + p.amount);
        }
      }
      for (const c of instance.collections) {
        const receiver = ownerOf.get(c.id) ?? -1;
        const goal = collectionOf.get(receiver)?.goal ?? 0;
        expect(c.need, `${where}: need of ${c.id}`).toBe(
          Math.max(goal - (taken.get(c.id) ?? 0), 0),
        );
      }

      const { levels: optimum } = await exactBalance(instance);
      expect(result.levels.uncovered, where).toBe(optimum.uncovered);
      expect(result.levels.emergencyCovered, where).toEqual(optimum.emergencyCovered);
      expect(result.levels.moved, where).toBe(optimum.moved);
    }
    expect(checkedPairs).toBeGreaterThan(NETWORKS * 5);
    expect(linkedFar).toBeGreaterThan(0);
    expect(checkedLines).toBeGreaterThan(NETWORKS * 3);
  }, 120_000);
});
