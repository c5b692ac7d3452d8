// waitForLog: the first line matching a pattern, from the latest start or from now on. Rejects
// with LOG_WAIT_TIMEOUT (quoting the log tail) or ETCD_EXITED when the process exits first.
import { EtcdStartError, PlaybookError } from "../../errors/index.ts";
import type { ExitInfo, MemberState } from "../../types.ts";
import type { LogBuffer } from "./log.ts";
import { describeExit } from "./start.ts";

/** What a log wait needs of the member (ManagedMember has it). */
export interface Waitable {
  readonly name: string;
  readonly log: LogBuffer;
  readonly state: MemberState;
  readonly alive: boolean;
  readonly exit: ExitInfo | undefined;
  onExit(listener: (exit: ExitInfo, ending: "stop" | "kill" | undefined) => void): () => void;
}

function matcher(pattern: string | RegExp): (line: string) => boolean {
  if (typeof pattern === "string") return (line) => line.includes(pattern);
  // A /g or /y regex keeps lastIndex between test() calls; a copy without those flags does not.
  const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
  return (line) => re.test(line);
}

export function waitForLogLine(member: Waitable, pattern: string | RegExp, timeoutMs: number, from: "start" | "now"): Promise<string> {
  const test = matcher(pattern);
  const shown = typeof pattern === "string" ? JSON.stringify(pattern) : String(pattern);
  if (from === "start") {
    const hit = member.log.sinceStart().find(test);
    if (hit !== undefined) return Promise.resolve(hit);
  }
  // A member that crashed will not log the line; one that is new or stopped may be started by
  // the caller after this call (`const seen = m.waitForLog(…); await m.start()`), so it waits.
  if (member.state === "exited" && !member.alive) {
    return Promise.reject(
      new EtcdStartError("ETCD_EXITED", `${member.name} has exited (${describeExit(member.exit ?? { code: null, signal: null })}); ${shown} is not in its log`, { member: member.name, ...(member.exit ? { exit: member.exit } : {}) }, {
        details: `--- last lines of ${member.name}'s log ---\n${member.log.tail()}`,
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      offExit();
    };
    const unsubscribe = member.log.subscribe((line) => {
      if (!test(line)) return;
      done();
      resolve(line);
    });
    const offExit = member.onExit((exit, ending) => {
      // A deliberate stop is usually a restart in progress; the line may still come.
      if (ending === "stop") return;
      done();
      reject(
        new EtcdStartError("ETCD_EXITED", `${member.name} exited (${describeExit(exit)}) before logging ${shown}`, { member: member.name, exit }, {
          details: `--- last lines of ${member.name}'s log ---\n${member.log.tail()}`,
        }),
      );
    });
    const timer = setTimeout(() => {
      done();
      reject(
        new PlaybookError("LOG_WAIT_TIMEOUT", `${member.name} did not log ${shown} within ${timeoutMs / 1000} s (member is ${member.state})`, {
          details: `--- last lines of ${member.name}'s log (${member.log.file}) ---\n${member.log.tail() || "(nothing logged)"}`,
          hint: "Check the text against the member's log below; 3.4 and 3.5 word their log lines differently.",
        }),
      );
    }, timeoutMs);
  });
}
