// Positive start signals, each raced (by the member) against exit, a fatal log line and a time
// limit. Never a fixed sleep: a probe that fails fast (connection refused) waits one short poll
// interval; a probe that hangs (port bound, not served yet) is answered the moment etcd serves.
import { linearizableRead, serializableRead, type ProbeTls } from "../clients/index.ts";
import { setTimeout as delay } from "node:timers/promises";

/** Between two fast-failing probes. */
export const POLL_MS = 20;
/** One probe's bound; a longer one just waits on an accepted connection. */
const PROBE_MS = 1_000;

/**
 * "The client URL serves" in both log formats: 3.5 (and 3.4 with --logger=zap) log
 * `serving client traffic insecurely` / `serving client traffic securely`; 3.4's default capnslog
 * logs `serving insecure client requests on …` / `serving client requests on …`. etcd prints these
 * only after the member has published itself through raft, i.e. once the cluster has a leader.
 */
export const SERVING_LINE = /serving client traffic (in)?securely|serving (insecure )?client requests on/;

/** Loops a linearizable read until it succeeds or `signal` aborts; learners fall back to a serializable read. */
export async function probeUntilReady(clientUrl: string, signal: AbortSignal, onError?: (error: string) => void, tls?: ProbeTls): Promise<boolean> {
  while (!signal.aborted) {
    const started = performance.now();
    const r = await linearizableRead(clientUrl, PROBE_MS, tls);
    if (r.ok) return true;
    // A learner refuses linearizable reads ("rpc not supported for learner"); a serializable
    // read is what it can serve, and that is "ready" for it.
    if (/learner/i.test(r.error) && (await serializableRead(clientUrl, PROBE_MS, tls)).ok) return true;
    onError?.(r.error);
    const spent = performance.now() - started;
    if (spent < POLL_MS && !signal.aborted) await delay(POLL_MS - spent, undefined, { signal }).catch(() => undefined);
  }
  return false;
}
