/**
 * A deliberately simple, in-memory model of the books (DOMAIN.md: "Money", "Statuses and
 * collections", "The life of a pledge", "Aggregates", "The monthly cycle"), written from the domain
 * text and independent of the server's code: plain arrays, loops and UTC calendar arithmetic. Its
 * figures (❤️ 🤝 👍 🙏, helpers, the giving line, help ties) are the one definition in
 * packages/shared/src/aggregates.ts applied to its plain arrays, so the property test in
 * ../books.property.test.ts checks the server's bulk SQL against that definition.
 *
 * Ids are the database's: the test hands the model the id the API answered with when something new
 * is created. Members are their database ids too.
 */

export type Status = "green" | "orange" | "red";
export type Kind = "monthly" | "emergency";
export type State =
  | "intention"
  | "obligation"
  | "fulfilled"
  | "confirmed"
  | "released"
  | "withdrawn"
  | "lapsed"
  | "cancelled"
  | "ended";
export type Outcome = "closed" | "reached" | "expired" | "ended";
/** "YYYY-MM", a calendar month in UTC (the network's time zone in tests). */
export type Period = string;

export type MemberAction =
  | "edit"
  | "withdraw"
  | "commit"
  | "fulfil"
  | "confirm"
  | "notReceived"
  | "release";

export type StatusChange =
  | { action: "openMonthly"; goal: number }
  | { action: "changeGoal"; goal: number }
  | { action: "closeMonthly" }
  | { action: "openEmergency"; goal: number; days: number }
  | { action: "endEmergency" };

export interface MCollection {
  id: number;
  memberId: number;
  kind: Kind;
  goal: number;
  paused: boolean;
  closed: boolean;
  outcome: Outcome | null;
  /** Emergencies: epoch ms. */
  deadline: number | null;
  /** Epoch ms: a member opens only so many collections a day. */
  openedAt: number;
}

export interface MPledge {
  id: number;
  giverId: number;
  receiverId: number;
  collectionId: number;
  amount: number;
  state: State;
  period: Period;
  overdue: boolean;
  renewedFromId: number | null;
  /** Epoch ms the giver made it; null when the rollover renewed it (a giver pledges only so often). */
  madeAt: number | null;
  /** The last audit row about this pledge: what was done, by whom (null: Exodus itself). */
  last: { action: string; actorId: number | null };
}

export interface Totals {
  intentions: number;
  obligations: number;
  confirmed: number;
  missing: number;
  helpers: number;
}

export interface Giving {
  receivers: number;
  intentions: number;
  obligations: number;
  confirmed: number;
}

import {
  type CountedPledge,
  collectionFigures,
  countsInGiving,
  givingFigures,
  MAX_OPENINGS_PER_DAY,
  MAX_PLEDGES_PER_HOUR,
  OPENING_WINDOW_MS,
  PLEDGE_WINDOW_MS,
  tiesNow,
} from "@exodus/shared";

/** What the model expects of a request: refused (with the error key), a no-op, or a change. */
export type Decision = { ok: false; error: string } | { ok: true; change: boolean };

export const MAX_AMOUNT = 1_000_000_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LIVE: readonly State[] = ["intention", "obligation", "fulfilled"];
const TERMINAL: readonly State[] = [
  "confirmed",
  "released",
  "withdrawn",
  "lapsed",
  "cancelled",
  "ended",
];

export const isLive = (s: State) => LIVE.includes(s);
export const isTerminal = (s: State) => TERMINAL.includes(s);

/** The life of a pledge, as DOMAIN.md draws it: who does it, from which states, to which. */
const LIFE: Record<MemberAction, { by: "giver" | "receiver"; from: State[]; to: State }> = {
  edit: { by: "giver", from: ["intention"], to: "intention" },
  withdraw: { by: "giver", from: ["intention"], to: "withdrawn" },
  commit: { by: "giver", from: ["intention"], to: "obligation" },
  fulfil: { by: "giver", from: ["intention", "obligation"], to: "fulfilled" },
  confirm: { by: "receiver", from: ["fulfilled"], to: "confirmed" },
  notReceived: { by: "receiver", from: ["fulfilled"], to: "obligation" },
  release: { by: "receiver", from: ["obligation"], to: "released" },
};

/** Who may take `action` and from which states (the life of a pledge). */
export function lifeOf(action: MemberAction): {
  by: "giver" | "receiver";
  from: readonly State[];
  to: State;
} {
  return LIFE[action];
}

/** Which status changes each status allows (DOMAIN.md, "Statuses and collections"). */
const STATUS_CHANGES: Record<Status, StatusChange["action"][]> = {
  green: ["openMonthly", "openEmergency"],
  orange: ["changeGoal", "closeMonthly", "openEmergency"],
  red: ["endEmergency"],
};

/** The calendar month an instant falls in, in UTC. */
export function periodOfUtc(ms: number): Period {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The first instant of the month after the one `ms` falls in (UTC). */
export function nextMonthStartUtc(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export function previousPeriodOf(period: Period): Period {
  const [y, m] = period.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** Money in and out: an amount is a whole number of minor units, above 0, at most the cap. */
export function amountError(amount: number): string | null {
  return Number.isInteger(amount) && amount > 0 && amount <= MAX_AMOUNT ? null : "errors.amount.";
}

export class BooksModel {
  readonly statuses = new Map<number, Status>();
  readonly collections: MCollection[] = [];
  readonly pledges: MPledge[] = [];
  /** Periods whose rollover has run. */
  readonly rolledOver = new Set<Period>();
  /** Σ of every amount money ever entered the books with: creations, edits, renewals. */
  minted = 0;
  /** How many audit rows the books should hold. */
  events = 0;
  /** When each confirmed pledge was confirmed (epoch ms): what keeps its help tie this period. */
  readonly confirmedAt = new Map<number, number>();

  constructor(
    readonly memberIds: readonly number[],
    public now: number,
  ) {
    for (const id of memberIds) this.statuses.set(id, "green");
  }

  get period(): Period {
    return periodOfUtc(this.now);
  }

  status(memberId: number): Status {
    const s = this.statuses.get(memberId);
    if (!s) throw new Error(`no member ${memberId}`);
    return s;
  }

  collection(id: number): MCollection {
    const c = this.collections.find((x) => x.id === id);
    if (!c) throw new Error(`no collection ${id}`);
    return c;
  }

  pledge(id: number): MPledge | undefined {
    return this.pledges.find((p) => p.id === id);
  }

  openCollection(memberId: number, kind: Kind): MCollection | undefined {
    return this.collections.find((c) => c.memberId === memberId && c.kind === kind && !c.closed);
  }

  // ── Statuses and collections ──────────────────────────────────────────────────────────────

  decideStatus(memberId: number, change: StatusChange): Decision {
    if ("goal" in change && amountError(change.goal)) return { ok: false, error: "errors.amount." };
    if (change.action === "openEmergency" && !(change.days >= 1 && change.days <= 30)) {
      return { ok: false, error: "errors.days.range" };
    }
    const status = this.status(memberId);
    const monthly = this.openCollection(memberId, "monthly");
    const emergency = this.openCollection(memberId, "emergency");
    const goal = "goal" in change ? change.goal : undefined;
    // A repeated tap: the member is already where the change would take them.
    const holds = {
      openMonthly: status === "orange" && monthly?.goal === goal,
      changeGoal: status === "orange" && monthly?.goal === goal,
      closeMonthly: status === "green" && !monthly,
      openEmergency: status === "red" && emergency?.goal === goal,
      endEmergency: status !== "red" && !emergency,
    }[change.action];
    if (holds) return { ok: true, change: false };
    if (!STATUS_CHANGES[status].includes(change.action)) {
      return { ok: false, error: "errors.status.notAllowed" };
    }
    const opening = change.action === "openMonthly" || change.action === "openEmergency";
    const openedLately = this.collections.filter(
      (c) => c.memberId === memberId && c.openedAt > this.now - OPENING_WINDOW_MS,
    );
    if (opening && openedLately.length >= MAX_OPENINGS_PER_DAY) {
      return { ok: false, error: "errors.limit.openings" };
    }
    return { ok: true, change: true };
  }

  /** Applies a change `decideStatus` allowed; `newCollectionId` is the id of a collection it opens. */
  applyStatus(memberId: number, change: StatusChange, newCollectionId?: number) {
    const monthly = this.openCollection(memberId, "monthly");
    const emergency = this.openCollection(memberId, "emergency");
    switch (change.action) {
      case "openMonthly":
        this.collections.push(
          newCollection(newCollectionId, memberId, "monthly", change.goal, this.now),
        );
        this.statuses.set(memberId, "orange");
        return;
      case "changeGoal":
        if (monthly) monthly.goal = change.goal;
        return;
      case "closeMonthly":
        if (!monthly) throw new Error("closing no monthly collection");
        monthly.closed = true;
        monthly.outcome = "closed";
        for (const p of this.pledges) {
          if (p.collectionId === monthly.id && p.state === "intention")
            this.system(p, "end", "ended");
        }
        this.statuses.set(memberId, "green");
        return;
      case "openEmergency": {
        const c = newCollection(newCollectionId, memberId, "emergency", change.goal, this.now);
        c.deadline = this.now + change.days * DAY_MS;
        this.collections.push(c);
        if (monthly) monthly.paused = true;
        this.statuses.set(memberId, "red");
        return;
      }
      case "endEmergency":
        if (!emergency) throw new Error("ending no emergency");
        this.endEmergency(emergency, "ended");
        return;
    }
  }

  /**
   * An emergency ends: reached cancels what was promised and not given; expired or ended by hand
   * moves it to the overdue archive. The member returns to 🔆 if their monthly collection waits.
   */
  private endEmergency(emergency: MCollection, how: "reached" | "expired" | "ended") {
    emergency.closed = true;
    emergency.outcome = how;
    for (const p of this.pledges) {
      if (p.collectionId !== emergency.id || p.state !== "obligation") continue;
      if (how === "reached") this.system(p, "cancel", "cancelled");
      else if (!p.overdue && this.status(p.giverId) !== "red") {
        // A giver in an emergency of their own is frozen: their obligation stays due, not ⌛.
        p.overdue = true;
        this.system(p, "overdue", p.state);
      }
    }
    // The member is no longer frozen: what they still owe to emergencies that ended goes to ⌛.
    for (const p of this.pledges) {
      const c = this.collection(p.collectionId);
      if (p.giverId !== emergency.memberId || p.state !== "obligation" || p.overdue) continue;
      if (c.kind !== "emergency" || !c.closed) continue;
      p.overdue = true;
      this.system(p, "overdue", p.state);
    }
    const monthly = this.openCollection(emergency.memberId, "monthly");
    if (monthly) monthly.paused = false;
    this.statuses.set(emergency.memberId, monthly ? "orange" : "green");
  }

  // ── The life of a pledge ──────────────────────────────────────────────────────────────────

  /** A new pledge to a collection: refused, the live one returned again, or a new one. */
  decideCreate(
    giverId: number,
    collectionId: number,
    amount: number,
  ): { ok: false; error: string } | { ok: true; existing: MPledge | null } {
    if (amountError(amount)) return { ok: false, error: "errors.amount." };
    const c = this.collections.find((x) => x.id === collectionId);
    if (!c || c.closed) return { ok: false, error: "errors.collection.notFound" };
    if (c.memberId === giverId) return { ok: false, error: "errors.pledge.self" };
    if (c.paused) return { ok: false, error: "errors.collection.paused" };
    if (this.status(c.memberId) === "green")
      return { ok: false, error: "errors.pledge.receiverGreen" };
    const live = this.pledges.find(
      (p) =>
        p.giverId === giverId &&
        p.collectionId === c.id &&
        isLive(p.state) &&
        !p.overdue &&
        (c.kind === "emergency" || p.period === this.period),
    );
    if (live) {
      return live.amount === amount
        ? { ok: true, existing: live }
        : { ok: false, error: "errors.pledge.alreadyPledged" };
    }
    const madeLately = this.pledges.filter(
      (p) =>
        p.giverId === giverId &&
        p.collectionId === c.id &&
        p.madeAt !== null &&
        p.madeAt > this.now - PLEDGE_WINDOW_MS,
    );
    if (madeLately.length >= MAX_PLEDGES_PER_HOUR) {
      return { ok: false, error: "errors.limit.pledges" };
    }
    return { ok: true, existing: null };
  }

  applyCreate(id: number, giverId: number, collectionId: number, amount: number): MPledge {
    const c = this.collection(collectionId);
    const p: MPledge = {
      id,
      giverId,
      receiverId: c.memberId,
      collectionId,
      amount,
      // Emergencies take obligations only.
      state: c.kind === "emergency" ? "obligation" : "intention",
      period: this.period,
      overdue: false,
      renewedFromId: null,
      madeAt: this.now,
      last: { action: "create", actorId: giverId },
    };
    this.pledges.push(p);
    this.minted += amount;
    this.events++;
    return p;
  }

  decideAct(actorId: number, pledgeId: number, action: MemberAction, amount?: number): Decision {
    if (action === "edit" && amountError(amount ?? Number.NaN)) {
      return { ok: false, error: "errors.amount." };
    }
    const p = this.pledge(pledgeId);
    if (!p || (p.giverId !== actorId && p.receiverId !== actorId)) {
      return { ok: false, error: "errors.pledge.notFound" };
    }
    const role = p.giverId === actorId ? "giver" : "receiver";
    const rule = LIFE[action];
    // A double submission changes nothing the second time.
    if (action === "edit") {
      if (role !== "giver") return { ok: false, error: "errors.pledge.notYours" };
      if (p.state === "intention" && p.amount === amount) return { ok: true, change: false };
    } else if (p.state === rule.to && p.last.action === action && p.last.actorId === actorId) {
      return { ok: true, change: false };
    }
    if (rule.by !== role) return { ok: false, error: "errors.pledge.notYours" };
    if (!rule.from.includes(p.state)) return { ok: false, error: "errors.pledge.notAllowed" };
    return { ok: true, change: true };
  }

  applyAct(actorId: number, pledgeId: number, action: MemberAction, amount?: number) {
    const p = this.pledge(pledgeId);
    if (!p) throw new Error(`no pledge ${pledgeId}`);
    if (action === "edit" && amount !== undefined) {
      this.minted += amount - p.amount;
      p.amount = amount;
    }
    p.state = LIFE[action].to;
    p.last = { action, actorId };
    if (action === "confirm") this.confirmedAt.set(p.id, this.now);
    this.events++;
    const c = this.collection(p.collectionId);
    if (
      action === "notReceived" &&
      c.kind === "emergency" &&
      c.closed &&
      this.status(p.giverId) !== "red"
    )
      p.overdue = true;
    if (action === "confirm" && c.kind === "emergency" && !c.closed) {
      const confirmed = this.sum(this.pledges, (q) => q.collectionId === c.id, "confirmed");
      if (confirmed >= c.goal) this.endEmergency(c, "reached");
    }
  }

  // ── The clock: the monthly cycle and emergency deadlines ───────────────────────────────────

  /**
   * The rollover into `period`, once per period: intentions of earlier periods lapse; obligations
   * and unconfirmed gifts of earlier periods go to the overdue archive, except a 🆘 giver's, which
   * move along into the new period; what each giver confirmed in the period just ended to a monthly
   * collection still open is renewed as one intention, unless they already have a live pledge there
   * in the new period — pledged anew, or a frozen obligation that moved along (one live pledge per
   * giver per collection). Returns the renewed intentions, whose ids the caller fills in.
   */
  rollover(period: Period): MPledge[] {
    if (this.rolledOver.has(period)) return [];
    this.rolledOver.add(period);
    const ended = previousPeriodOf(period);
    const monthly = (p: MPledge) => this.collection(p.collectionId).kind === "monthly";

    for (const p of this.pledges) {
      if (monthly(p) && p.period < period && p.state === "intention")
        this.system(p, "lapse", "lapsed");
    }

    // Who pledged anew for the new period before it rolled over, as the books were then.
    const anew = new Set(
      this.pledges
        .filter((q) => q.period === period && isLive(q.state))
        .map((q) => `${q.giverId}:${q.collectionId}`),
    );
    for (const p of this.pledges) {
      if (!monthly(p) || p.period >= period || p.overdue) continue;
      if (p.state !== "obligation" && p.state !== "fulfilled") continue;
      if (this.status(p.giverId) === "red" && !anew.has(`${p.giverId}:${p.collectionId}`)) {
        // Frozen while the giver is in an emergency: still due, carried into the new period (unless
        // they pledged anew there: then ⌛, as anyone's).
        p.period = period;
        this.system(p, "carry", p.state);
      } else {
        p.overdue = true;
        this.system(p, "overdue", p.state);
      }
    }
    const groups = new Map<string, { template: MPledge; amount: number; lastId: number }>();
    for (const p of this.pledges) {
      const c = this.collection(p.collectionId);
      if (c.kind !== "monthly" || p.period !== ended || p.state !== "confirmed") continue;
      // Renewed into the receiver's open monthly collection, even one reopened since.
      const open = this.collections.find(
        (o) => o.memberId === p.receiverId && o.kind === "monthly" && !o.closed,
      );
      if (!open) continue;
      const key = `${p.giverId}:${open.id}`;
      const g = groups.get(key);
      if (g) {
        g.amount += p.amount;
        g.lastId = Math.max(g.lastId, p.id);
      } else
        groups.set(key, {
          template: { ...p, collectionId: open.id },
          amount: p.amount,
          lastId: p.id,
        });
    }
    const renewed: MPledge[] = [];
    for (const { template, amount, lastId } of groups.values()) {
      const pledgedAnew = this.pledges.some(
        (q) =>
          q.giverId === template.giverId &&
          q.collectionId === template.collectionId &&
          q.period === period &&
          isLive(q.state),
      );
      if (pledgedAnew) continue;
      renewed.push({
        id: -1,
        giverId: template.giverId,
        receiverId: template.receiverId,
        collectionId: template.collectionId,
        amount,
        state: "intention",
        period,
        overdue: false,
        renewedFromId: lastId,
        madeAt: null,
        last: { action: "renew", actorId: null },
      });
      this.minted += amount;
      this.events++;
    }

    this.pledges.push(...renewed);
    return renewed;
  }

  /** Emergencies whose deadline has come end with a partial result. */
  expireEmergencies() {
    for (const c of this.collections) {
      if (c.kind === "emergency" && !c.closed && c.deadline !== null && c.deadline <= this.now) {
        this.endEmergency(c, "expired");
      }
    }
  }

  // ── Aggregates ────────────────────────────────────────────────────────────────────────────

  /** A pledge as shared's aggregates read it. */
  private counted(p: MPledge): CountedPledge {
    return { ...p, confirmedAt: this.confirmedAt.get(p.id) ?? null };
  }

  /** The first instant of the current period (UTC, the network's time zone in tests). */
  get periodStart(): number {
    const d = new Date(this.now);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }

  /** A collection's totals now (shared's collectionTotals over its pledges). */
  totals(collectionId: number): Totals {
    const c = this.collection(collectionId);
    const own = this.pledges.filter((p) => p.collectionId === c.id).map((p) => this.counted(p));
    return collectionFigures(c, own, this.period);
  }

  /** Current pledges, as one's lists show them: those one's giving line sums. */
  isCurrent(p: MPledge): boolean {
    return countsInGiving(this.collection(p.collectionId), this.counted(p), this.period);
  }

  /** 👤→M 👥 (❤️ / 🤝 / 👍) of a member's current giving (shared's givingFigures). */
  giving(memberId: number): Giving {
    const mine = this.pledges
      .filter((p) => p.giverId === memberId)
      .map((p) => ({ pledge: this.counted(p), collection: this.collection(p.collectionId) }));
    return givingFigures(mine, this.period, this.periodStart);
  }

  /** The help ties now, each pair once as "giver→receiver" (the graph reads them undirected). */
  helpTies(): string[] {
    const pairs = this.pledges
      .filter((p) => tiesNow(this.counted(p), this.periodStart))
      .map((p) => `${p.giverId}→${p.receiverId}`);
    return [...new Set(pairs)].sort();
  }

  /** The ids of one of a member's lists, newest first. */
  list(memberId: number, list: "circle" | "helping" | "overdue" | "confirmedArchive"): number[] {
    const side = (p: MPledge) => p.giverId === memberId || p.receiverId === memberId;
    const pick = {
      circle: (p: MPledge) => p.receiverId === memberId && this.isCurrent(p),
      helping: (p: MPledge) => p.giverId === memberId && this.isCurrent(p),
      overdue: (p: MPledge) =>
        side(p) && p.overdue && (p.state === "obligation" || p.state === "fulfilled"),
      confirmedArchive: (p: MPledge) => side(p) && p.state === "confirmed" && !this.isCurrent(p),
    }[list];
    return this.pledges
      .filter(pick)
      .map((p) => p.id)
      .sort((a, b) => b - a);
  }

  private sum(pledges: MPledge[], where: (p: MPledge) => boolean, state: State): number {
    let total = 0;
    for (const p of pledges) if (p.state === state && where(p)) total += p.amount;
    return total;
  }

  /** Exodus itself changes a pledge (the cycle, an emergency's end, a closed collection). */
  private system(p: MPledge, action: string, to: State) {
    p.state = to;
    p.last = { action, actorId: null };
    this.events++;
  }
}

function newCollection(
  id: number | undefined,
  memberId: number,
  kind: Kind,
  goal: number,
  now: number,
): MCollection {
  if (id === undefined) throw new Error("a new collection needs its id");
  return {
    id,
    memberId,
    kind,
    goal,
    paused: false,
    closed: false,
    outcome: null,
    deadline: null,
    openedAt: now,
  };
}
