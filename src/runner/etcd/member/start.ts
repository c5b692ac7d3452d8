// Waits for a member's positive start signal, raced against the process exiting, a known fatal
// log line, and the time limit. The losers are cleaned up (probe aborted, listeners removed).
import { EtcdStartError } from "../../errors/index.ts";
import type { ExitInfo, MemberState } from "../../types.ts";
import type { ProbeTls } from "../clients/index.ts";
import { explainExit, fatalWhileAlive, quotable } from "./fatal-lines.ts";
import type { LogBuffer } from "./log.ts";
import { SERVING_LINE, probeUntilReady } from "./readiness.ts";

/** What a start wait needs of the member (ManagedMember has it). */
export interface Starting {
  readonly name: string;
  readonly log: LogBuffer;
  readonly state: MemberState;
  readonly clientUrl: string;
  /** What the readiness probe presents to a member serving TLS. */
  readonly clientTls?: ProbeTls | undefined;
  stop(options: { timeout: number }): Promise<ExitInfo>;
}

interface StartWait {
  member: Starting;
  run: { pid: number; exited: Promise<ExitInfo>; ending?: "stop" | "kill" };
  wait: "ready" | "serving";
  timeoutMs: number;
  args: string[];
  /** waitReady() on a member already started: an exit is ETCD_EXITED, not a failed start. */
  afterStart?: boolean;
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

function details(member: Starting, args: string[], extra: string): string {
  let lines = member.log.sinceStart();
  // On a bad flag etcd prints one line of complaint, then 20 lines of usage: the tail would be
  // all usage and no complaint.
  const usage = lines.indexOf("Usage:");
  if (usage > 0) lines = [...lines.slice(0, usage), "(etcd's usage text follows in the log)"];
  return [extra, `command: etcd ${args.slice(1).join(" ")}`, `--- last lines of ${member.name}'s log (${member.log.file}) ---`, lines.slice(-20).join("\n") || "(nothing logged)"]
    .filter(Boolean)
    .join("\n");
}

/** The error for a start that ended in an exit, quoting the line that explains it. */
export function startFailed(member: Starting, args: string[], exit: ExitInfo): EtcdStartError {
  const why = explainExit(member.log.sinceStart());
  const line = why ? quotable(why.line) : "";
  const quote = why ? `: ${line.length > 500 ? `${line.slice(0, 500)}…` : line}` : "";
  const reason = why && why.reason !== "etcd exited" ? ` (${why.reason})` : "";
  return new EtcdStartError(
    "ETCD_START_FAILED",
    `etcd member ${member.name} exited during start-up, ${describeExit(exit)}${reason}${quote}`,
    { member: member.name, exit, ...(why?.failure ? { failure: why.failure } : {}), ...(why ? { logLine: why.line } : {}) },
    { details: details(member, args, ""), hint: why?.hint ?? "Read the member's log below." },
  );
}

export async function waitStarted(w: StartWait): Promise<void> {
  const { member, run } = w;
  const abort = new AbortController();
  const cleanups: Array<() => void> = [() => abort.abort()];
  let lastProbeError = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const what = w.wait === "ready" ? "serve a linearizable read" : "log that it serves clients";
        const probe = w.wait === "ready" && lastProbeError ? `; last probe: ${lastProbeError}` : "";
        reject(
          new EtcdStartError("ETCD_START_TIMEOUT", `etcd member ${member.name} did not ${what} within ${w.timeoutMs / 1000} s${probe}`, { member: member.name }, {
            details: details(member, w.args, `pid ${run.pid} is still running (state ${member.state}); teardown will stop it.`),
            hint: "A member of a multi-member cluster needs a quorum of its peers running before it serves; check their state too.",
          }),
        );
      }, w.timeoutMs);
      cleanups.push(() => clearTimeout(timer));

      // Set once a fatal line was seen: the exit that our own stop causes is not news.
      let stoppingOnFatal = false;
      run.exited.then((exit) => {
        if (stoppingOnFatal) return;
        if (w.afterStart || run.ending) {
          const how = run.ending === "stop" ? "was stopped" : "exited";
          reject(new EtcdStartError("ETCD_EXITED", `etcd member ${member.name} ${how} while waiting for it to be ready, ${describeExit(exit)}`, { member: member.name, exit }, { details: details(member, w.args, "") }));
        } else reject(startFailed(member, w.args, exit));
      });

      // Lines already logged since this start count too (a fast member may be ahead of us).
      const onLine = (line: string) => {
        if (!w.afterStart) {
          const fatal = fatalWhileAlive(line);
          if (fatal) {
            // The process would wait or retry forever; it will not start. Stop it, then say why.
            if (stoppingOnFatal) return;
            stoppingOnFatal = true;
            const data = { member: member.name, logLine: fatal.line, ...(fatal.failure ? { failure: fatal.failure } : {}) };
            const error = new EtcdStartError("ETCD_START_FAILED", `etcd member ${member.name} cannot start (${fatal.reason}): ${quotable(fatal.line)}`, data, {
              details: details(member, w.args, "The runner stopped the member."),
              hint: fatal.hint,
            });
            void member.stop({ timeout: 1_000 }).then(
              () => reject(error),
              () => reject(error),
            );
            return;
          }
        }
        if (w.wait === "serving" && SERVING_LINE.test(line)) resolve();
      };
      for (const line of member.log.sinceStart()) onLine(line);
      cleanups.push(member.log.subscribe(onLine));

      if (w.wait === "ready") {
        probeUntilReady(member.clientUrl, abort.signal, (e) => (lastProbeError = e), member.clientTls).then((ok) => ok && resolve());
      }
    });
  } finally {
    for (const c of cleanups) c();
  }
}
