// Who may talk to whom, and how well: the state behind the proxies (proxy.ts). Partitions cut
// pairs of members both ways; each member has conditions for its peer traffic and for its client
// traffic. A link — the bytes one member sends another on one connection — reads its conditions
// here each time it forwards, and every change is announced so that held bytes move at once.
import { parseDuration, type Duration } from "../../../schema/duration.ts";
import { PlaybookError } from "../../errors/index.ts";
import type { NetworkConditions } from "./types.ts";

export type Traffic = "peer" | "client";

/** What one direction of one connection is subject to now. */
export interface LinkConditions {
  blocked: boolean;
  delayMs: number;
  /** Probability that a chunk is lost (and sent again after a retransmission timeout). */
  drop: number;
}

interface Conditions {
  latencyMs: number;
  drop: number;
  blocked: boolean;
}

const CLEAR: Conditions = { latencyMs: 0, drop: 0, blocked: false };
export const OPEN_LINK: LinkConditions = { blocked: false, delayMs: 0, drop: 0 };

/** One minute: a latency past it would only make steps time out, and is surely a typo (`"150s"`). */
const MAX_LATENCY_MS = 60_000;

function latencyMs(value: Duration): number {
  // parseDuration refuses 0 (it is no time limit); "0ms" is how a step clears a latency.
  const ms = value === 0 || (typeof value === "string" && /^\s*0+(\.0+)?\s*(ms|s|m)\s*$/.test(value)) ? 0 : parseDuration(value);
  if (ms === undefined || ms > MAX_LATENCY_MS) {
    throw new PlaybookError("FAULT_INVALID", `impossible latency ${JSON.stringify(value)}: give a duration from "0ms" (none) to "60s", e.g. "150ms"`);
  }
  return ms;
}

export class NetworkFaults {
  private readonly conditions = { peer: new Map<string, Conditions>(), client: new Map<string, Conditions>() };
  /** Pairs cut by partitions, as "a b" with a < b. */
  private readonly cuts = new Set<string>();
  private readonly listeners = new Set<() => void>();

  /** Sets (merges) one member's conditions; returns what now applies to it. */
  set(member: string, wanted: NetworkConditions): NetworkConditions {
    const traffic = wanted.traffic ?? "peer";
    const now = { ...(this.conditions[traffic].get(member) ?? CLEAR) };
    if (wanted.latency !== undefined) now.latencyMs = latencyMs(wanted.latency);
    if (wanted.drop !== undefined) {
      if (typeof wanted.drop !== "number" || !(wanted.drop >= 0 && wanted.drop <= 1)) {
        throw new PlaybookError("FAULT_INVALID", `impossible share of dropped traffic ${JSON.stringify(wanted.drop)}: give a number from 0 (none) to 1 (all), e.g. 0.3`);
      }
      now.drop = wanted.drop;
    }
    if (wanted.blocked !== undefined) now.blocked = wanted.blocked;
    this.conditions[traffic].set(member, now);
    this.changed();
    return { latency: `${now.latencyMs}ms`, drop: now.drop, blocked: now.blocked, traffic };
  }

  /** Cuts every member of `a` from every member of `b`, both ways (on top of earlier cuts). */
  partition(a: readonly string[], b: readonly string[]): void {
    for (const x of a) for (const y of b) if (x !== y) this.cuts.add(pairKey(x, y));
    this.changed();
  }

  /** Removes every partition and every member's conditions. */
  heal(): void {
    this.cuts.clear();
    this.conditions.peer.clear();
    this.conditions.client.clear();
    this.changed();
  }

  /** True while no fault at all is in force: links then forward without asking (the common case). */
  quiet = true;

  /** Whether any fault is in force (a teardown heals it and says so). */
  get active(): boolean {
    const any = (m: Map<string, Conditions>) => [...m.values()].some((c) => c.blocked || c.drop > 0 || c.latencyMs > 0);
    return this.cuts.size > 0 || any(this.conditions.peer) || any(this.conditions.client);
  }

  /**
   * The conditions of bytes from `from` to `to`. Peer traffic from a process that is no member
   * (`undefined`: etcdctl against a peer port, a step's curl) meets only the member's own conditions.
   * Client traffic meets the member's client conditions, whichever way it flows.
   */
  link(from: string | undefined, to: string | undefined, traffic: Traffic): LinkConditions {
    const table = this.conditions[traffic];
    const a = (from && table.get(from)) || CLEAR;
    const b = (to && table.get(to)) || CLEAR;
    const cut = traffic === "peer" && from !== undefined && to !== undefined && this.cuts.has(pairKey(from, to));
    return { blocked: cut || a.blocked || b.blocked, delayMs: a.latencyMs + b.latencyMs, drop: 1 - (1 - a.drop) * (1 - b.drop) };
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.quiet = !this.active;
    for (const l of this.listeners) l();
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}
