// The fault toolkit through the real CLI: bad fault input gives one error at the step's MDX line
// while the other playbooks run, and every fault's helper — strace, proxies, stall schedules —
// is gone after a failed playbook and after Ctrl-C (the pattern of signals.test.ts).
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { FIXTURES, removeResults, runCli, startCli } from "../helpers/cli.ts";
import { expectNoLeftovers, notedMembers, RUN_ROOT, runDirOf, takeKeptDirs } from "../helpers/leftovers.ts";
import { childrenOf, listeningOn, runDirsOwnedBy, waitFor } from "../helpers/procs.ts";

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}
const commOf = (pid: number) => readFileSync(`/proc/${pid}/comm`, "utf8").trim();

describe("bad fault input", () => {
  test("one error each at the step's MDX line, with its code; the healthy playbook passes", async () => {
    const run = await runCli([], { dir: `${FIXTURES}/fault-input`, timeoutMs: 150_000 });
    try {
      expect(run.code, run.out).toBe(1);
      const dir = `${FIXTURES}/fault-input`;
      expect(run.out).toContain(`${dir}/bad-latency.mdx:15 step "A negative latency": impossible latency "-5ms": give a duration from "0ms" (none) to "60s", e.g. "150ms" [FAULT_INVALID]`);
      expect(run.out).toContain(`${dir}/no-network.mdx:9 step "Isolate m0": cannot isolate: the members' peer traffic does not pass the runner's proxies [FAULT_UNAVAILABLE]`);
      expect(run.out).toContain("  → Add network: peer to the frontmatter's cluster");
      expect(run.out).toContain(`${dir}/stopped-member.mdx:13 step "Stall m0": cannot stall m0: it is stopped [MEMBER_STATE]`);
      expect(run.out).toContain(`${dir}/bad-disk.mdx:8 frontmatter: cluster.member.m0.disk.fdatasync.delay: not a duration: "soon"; write 500ms, 30s or 2m [FRONTMATTER_INVALID]`);
      const byFile = Object.fromEntries(run.readResults().playbooks.map((p) => [path.basename(p.file), p]));
      expect(byFile["healthy.mdx"]!.status).toBe("passed");
      expect(byFile["bad-latency.mdx"]!.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
      takeKeptDirs(run.out);
    } finally {
      removeResults(run);
    }
  });
});

describe("faults leave nothing behind", () => {
  test("a step that fails with m0 under strace, m1 cut off and m2 stalling", async () => {
    const run = await runCli([], { dir: `${FIXTURES}/fault-teardown/fails` });
    try {
      expect(run.code, run.out).toBe(1);
      expect(run.out).toContain('fails.mdx:20 step "Fail with faults in force": failed on purpose');
      takeKeptDirs(run.out);
      const members = notedMembers(run.readResults());
      expect(members).toHaveLength(3);
      expectNoLeftovers({ pids: members.map((m) => m.pid), runDirs: [runDirOf(members[0]!.dataDir)], runnerPid: run.pid });
    } finally {
      removeResults(run);
    }
  });

  test("Ctrl-C mid-step: members, strace, proxies and the run dir are gone", async () => {
    const run = startCli([], { dir: `${FIXTURES}/fault-teardown/mid-step`, group: true });
    try {
      const seen = await waitFor(`the step to begin\n${run.output()}`, 90_000, () => {
        const [runDir] = runDirsOwnedBy(RUN_ROOT, run.pid);
        const tmp = runDir && path.join(runDir, "tmp");
        if (!tmp || !existsSync(tmp)) return undefined;
        const marker = readdirSync(tmp).map((d) => path.join(tmp, d, "step-started")).find((f) => existsSync(f));
        const script = marker ? Number(readFileSync(marker, "utf8").trim()) : 0;
        return script && childrenOf(script).length === 1 ? { runDir, script } : undefined;
      });
      // The members: children of the worker (m0 through its strace).
      const worker = parentOf(seen.script);
      const direct = childrenOf(worker).filter((p) => commOf(p) === "etcd" || commOf(p) === "strace");
      const strace = direct.find((p) => commOf(p) === "strace")!;
      expect(strace, "m0 runs under strace").toBeDefined();
      const m0 = childrenOf(strace)[0]!;
      const etcd = [...direct.filter((p) => p !== strace), m0];
      expect(etcd).toHaveLength(3);
      // The proxies listen in the worker: its listening ports beyond the members' own.
      const ports = proxyPortsOf(worker);
      expect(ports.length).toBe(3);
      process.kill(-run.pid, "SIGINT");
      const exit = await run.exited;
      expect(exit.code, run.output()).toBe(130);
      expectNoLeftovers({ pids: [...etcd, strace, seen.script], runDirs: [seen.runDir], runnerPid: run.pid });
      expect(listeningOn(ports)).toEqual([]);
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      removeResults(run);
    }
  });
});

/** TCP ports a process listens on (from its socket inodes and /proc/net/tcp). */
function proxyPortsOf(pid: number): number[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return m ? [m[1]!] : [];
      } catch {
        return [];
      }
    }),
  );
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((row) => row.trim().split(/\s+/))
    .filter((f) => f[3] === "0A" && inodes.has(f[9]!))
    .map((f) => parseInt(f[1]!.split(":")[1]!, 16));
}
