// The watchdog's thread (started by ./watchdog.ts). A step's own time limit is a timer in the
// worker's event loop, which a step that never yields — a loop without await, execSync,
// Atomics.wait — never lets fire. This thread has an event loop of its own: when the phase it was
// told about outlives its limit, it records the failure for the main process (../watchdog-record.ts),
// stops every process the worker started (members, step scripts) and kills the worker. Vitest
// then reports the worker's death and starts the next playbook in a new one.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PlaybookError } from "../../errors/index.ts";
import { allPids, cmdline, procStat, signalPid, waitGone } from "../../os/index.ts";
import { writeWatchdogRecord } from "../watchdog-record.ts";
import type { EndedStep } from "../watchdog-record.ts";
import type { WatchdogInit, WatchdogMessage, WatchedPhase } from "./watchdog.ts";

const init = workerData as WatchdogInit;
/** Log lines per member in the record, as in the failure snapshot. */
const LOG_LINES = 10;
const OUTPUT_KEPT = 64 * 1024;

let phase: WatchedPhase | undefined;
let timer: NodeJS.Timeout | undefined;
let output = "";
let members: { name: string; dir: string }[] = [];
const ended: EndedStep[] = [];

parentPort!.on("message", (m: WatchdogMessage) => {
  if (m.type === "output") {
    output = (output + m.text).slice(-OUTPUT_KEPT);
  } else if (m.type === "ended") {
    ended.push(m.step);
  } else if (m.type === "members") {
    members = m.members;
  } else if (m.type === "arm") {
    clearTimeout(timer);
    if (m.phase.kind === "step") output = "";
    phase = m.phase;
    timer = setTimeout(() => void fire(), m.phase.limitMs + m.graceMs);
  } else if (m.type === "extend") {
    // The worker's own timer fired: it is alive and reporting; give it time to finish that.
    clearTimeout(timer);
    timer = setTimeout(() => void fire(), m.ms);
  } else if (m.type === "disarm") {
    clearTimeout(timer);
    phase = undefined;
  }
});

async function fire(): Promise<void> {
  const blamed = phase;
  if (!blamed) return;
  const snapshot = members.map(tail).join("\n");
  const text = output.trimEnd();
  const shownOutput = text ? `output so far:\n${text.split("\n").slice(-15).join("\n")}` : "(the step printed nothing)";
  const { step } = blamed;
  const message =
    blamed.kind === "step"
      ? `step "${step.name}": did not finish within ${blamed.limitMs / 1000} s`
      : `step "${step.name}": code it left running kept the worker busy for ${blamed.limitMs / 1000} s after it ended`;
  const error = new PlaybookError("STEP_TIMEOUT", message, {
    file: init.file,
    line: step.line,
    hint:
      "Its code never gave the event loop back (a loop without await, or a blocking call such as execSync or Atomics.wait), " +
      "so the runner stopped the worker running it, and the playbook's members with it. Await inside loops; run commands with sh() or etcdctl().",
    details: [shownOutput, snapshot].filter(Boolean).join("\n"),
  });
  try {
    writeWatchdogRecord(init.runDir, {
      pid: process.pid,
      file: init.file,
      step,
      error: { code: "STEP_TIMEOUT", message: error.format(), line: step.line },
      output,
      snapshot,
      ended,
    });
  } finally {
    await stopDescendants();
    process.kill(process.pid, "SIGKILL");
  }
}

/** A member's last log lines, from its member.log (the worker's copy in memory is out of reach). */
function tail(member: { name: string; dir: string }): string {
  const file = path.join(member.dir, "member.log");
  let lines: string[];
  try {
    lines = readFileSync(file, "utf8").trimEnd().split("\n").slice(-LOG_LINES);
  } catch {
    return `--- ${member.name}: no log at ${file} ---`;
  }
  return [`--- last lines of ${member.name}'s log (${file}) ---`, ...lines].join("\n");
}

/**
 * Everything the worker started is the playbook's: its members, the scripts of its steps, etcdctl,
 * and what those started (execSync's shell and its command). Members get SIGTERM (and SIGCONT,
 * should one be paused) and a second to stop; the others SIGKILL at once. Orphaned by the worker's
 * death, none of them would ever stop.
 */
async function stopDescendants(): Promise<void> {
  const parents = new Map<number, number>();
  for (const pid of await allPids()) {
    const ppid = (await procStat(pid))?.ppid;
    if (ppid !== undefined) parents.set(pid, ppid);
  }
  const ours = new Set<number>();
  // Parents before children in /proc is not guaranteed: repeat until nothing new joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (ours.has(pid) || (ppid !== process.pid && !ours.has(ppid))) continue;
      ours.add(pid);
      grew = true;
    }
  }
  for (const pid of ours) {
    if (path.basename((await cmdline(pid))?.[0] ?? "") === "etcd") {
      signalPid(pid, "SIGTERM");
      signalPid(pid, "SIGCONT");
    } else {
      signalPid(pid, "SIGKILL");
    }
  }
  await Promise.all(
    [...ours].map(async (pid) => {
      if (!(await waitGone(pid, 1_000))) signalPid(pid, "SIGKILL");
    }),
  );
}
