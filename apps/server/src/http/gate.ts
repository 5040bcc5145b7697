/**
 * A per-member turnstile in front of the database: each member has a few calls running at once,
 * a short queue behind them, and is told "busy, try again" beyond that. The pool's connections are
 * shared by everyone; without this one member's flood (a thousand calls at once) would hold all of
 * them and make everyone else's requests wait or fail.
 */
export interface Gate {
  /**
   * Waits for one of `key`'s places and returns the function that gives it back, or undefined when
   * the queue is full or the wait ran out: the caller answers "busy".
   */
  enter(key: string): Promise<(() => void) | undefined>;
}

export interface GateLimits {
  /** Calls of one member that run at once. */
  running: number;
  /** Calls of one member that may wait for a place; more are refused at once. */
  waiting: number;
  /** How long (ms) a call waits for a place before it is refused. */
  maxWaitMs: number;
}

/**
 * Four of a member's calls at once leave the pool's other connections (ten) to everyone else; a
 * batch of ten (the most one request carries) queues its other six.
 */
export const MEMBER_LIMITS: GateLimits = { running: 4, waiting: 16, maxWaitMs: 3000 };

interface Lane {
  running: number;
  queue: { admit: (leave: (() => void) | undefined) => void; timer: NodeJS.Timeout }[];
}

export function createGate(limits: GateLimits = MEMBER_LIMITS): Gate {
  const lanes = new Map<string, Lane>();

  function leaveFor(key: string, lane: Lane): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = lane.queue.shift();
      if (next) {
        // The place passes straight to the next in line: nobody can jump in between.
        clearTimeout(next.timer);
        next.admit(leaveFor(key, lane));
        return;
      }
      lane.running--;
      if (lane.running === 0) lanes.delete(key);
    };
  }

  return {
    enter(key) {
      let lane = lanes.get(key);
      if (!lane) {
        lane = { running: 0, queue: [] };
        lanes.set(key, lane);
      }
      if (lane.running < limits.running) {
        lane.running++;
        return Promise.resolve(leaveFor(key, lane));
      }
      if (lane.queue.length >= limits.waiting) return Promise.resolve(undefined);
      const waitingIn = lane;
      return new Promise((admit) => {
        const entry = {
          admit,
          timer: setTimeout(() => {
            waitingIn.queue.splice(waitingIn.queue.indexOf(entry), 1);
            admit(undefined);
          }, limits.maxWaitMs),
        };
        // A call waiting at the gate is no reason for the process to stay up.
        entry.timer.unref();
        waitingIn.queue.push(entry);
      });
    },
  };
}
