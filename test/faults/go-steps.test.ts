// Issue 12's faults, through the real CLI over fixture playbooks (test/fixtures/faults/go-steps/):
// a go step that does not compile is reported at the MDX line of the Go line by `npm run playbook`
// and `npm run check`; a machine without Go (played through PATH and GOROOT, as the binary
// sources' tests do) gets GO_NOT_FOUND from both, never a skip or a pass; and a program that embeds
// etcd is gone after a failure, a time limit and a Ctrl-C, with its ports.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { FIXTURES, NODE, ROOT, removeResults, runCli, startCli } from "../helpers/cli.ts";
import { RUN_ROOT, takeKeptDirs } from "../helpers/leftovers.ts";
import { isGone, listeningOn, runDirsOwnedBy, waitFor } from "../helpers/procs.ts";
import { normalize, paragraph } from "./helpers/messages.ts";

const DIR = `${FIXTURES}/go-steps`;
/** A machine without Go: the go command neither on PATH nor under GOROOT. */
const NO_GO = { PATH: "/usr/bin:/bin", GOROOT: "/nonexistent/goroot" };

function check(dir: string, env: Record<string, string> = {}) {
  const r = spawnSync(NODE, [path.join(ROOT, "src/cli/check.ts"), "--no-astro"], {
    cwd: ROOT,
    env: { ...process.env, ETCD_PLAYBOOKS_DIR: dir, NO_COLOR: "1", ...env },
    encoding: "utf8",
    timeout: 600_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("a go step's build errors", () => {
  test("a compile error: GO_COMPILE at the Go line, in npm run playbook and in npm run check", async () => {
    const file = `${DIR}/compile/compile/compile.mdx`;
    const run = await runCli([], { dir: `${DIR}/compile`, timeoutMs: 600_000 });
    try {
      expect(run.code, run.out).toBe(1);
      const shown = paragraph(run.out, "GO_COMPILE");
      expect(shown, run.out).toBeDefined();
      expect(shown!.startsWith(`${file}:19 `)).toBe(true);
      await expect(normalize(shown!)).toMatchFileSnapshot("../fixtures/faults/go-steps/compile/expected.txt");
      // Nothing ran and nothing started: the build comes before the cluster.
      const entry = run.readResults().playbooks[0]!;
      expect(entry.error).toMatchObject({ code: "GO_COMPILE", message: expect.stringContaining(`${file}:19 `) });
      expect(entry.steps.map((s) => s.status)).toEqual(["skipped"]);
      expect(takeKeptDirs(run.out)).toEqual([]);
    } finally {
      removeResults(run);
    }
    const checked = check(`${DIR}/compile`);
    expect(checked.code, checked.out).toBe(1);
    expect(normalize(checked.out.split("\n").filter((l) => l.includes("[go]")).join("\n"))).toBe(
      `${file}:19 [go] step "Start an embedded server": cfg.ListenClientURLs undefined (type *"go.etcd.io/etcd/server/v3/embed".Config has no field or method ListenClientURLs, but does have field ListenClientUrls) [GO_COMPILE] (etcd 3.7.<patch>)`,
    );
  }, 620_000);

  test("no Go toolchain: GO_NOT_FOUND at the step, in npm run playbook and in npm run check", async () => {
    const file = `${DIR}/no-go/needs-go/needs-go.mdx`;
    const run = await runCli([], { dir: `${DIR}/no-go`, env: NO_GO, timeoutMs: 120_000 });
    try {
      expect(run.code, run.out).toBe(1);
      const shown = paragraph(run.out, "GO_NOT_FOUND");
      expect(shown, run.out).toBeDefined();
      expect(shown!.startsWith(`${file}:12 `)).toBe(true);
      await expect(normalize(shown!)).toMatchFileSnapshot("../fixtures/faults/go-steps/no-go/expected.txt");
      const entry = run.readResults().playbooks[0]!;
      expect(entry.status).toBe("failed");
      expect(entry.steps.every((s) => s.status !== "passed")).toBe(true);
    } finally {
      removeResults(run);
    }
    const checked = check(`${DIR}/no-go`, NO_GO);
    expect(checked.code, checked.out).toBe(1);
    expect(checked.out).toContain(
      `${file}:12 [go] a go step needs Go, and this machine has no Go toolchain (go is not on PATH or at /nonexistent/goroot/bin/go); its go steps cannot be checked [GO_NOT_FOUND]`,
    );
  }, 240_000);
});

/** `pid clientPort peerPort` that the fixtures' program wrote once its embedded etcd was ready. */
function programMarker(text: string): { pid: number; ports: number[] } {
  const [pid, ...ports] = text.trim().split(" ").map(Number);
  return { pid: pid!, ports };
}

describe("a program that embeds etcd is gone with its ports", () => {
  test.each([
    { scenario: "background-fails", code: "STEP_FAILED", line: 46 },
    { scenario: "go-timeout", code: "STEP_TIMEOUT", line: 8 },
  ])("$scenario", async ({ scenario, code, line }) => {
    const run = await runCli([], { dir: `${DIR}/teardown/${scenario}`, timeoutMs: 180_000 });
    try {
      expect(run.code, run.out).toBe(1);
      const entry = run.readResults().playbooks[0]!;
      const failed = entry.steps.find((s) => s.status === "failed");
      expect(failed?.status === "failed" && { code: failed.error.code, line: failed.error.line }, run.out).toEqual({ code, line });
      // The ready line is in the step's recorded output (a passed step) or in the error's output so far.
      const printed = `${entry.steps.map((s) => s.output).join("\n")}\n${run.out}`;
      const ready = [...printed.matchAll(/embedded etcd ready; pid (\d+) ports (\d+) (\d+)/g)][0];
      expect(ready, run.out).toBeDefined();
      const { pid, ports } = programMarker(`${ready![1]} ${ready![2]} ${ready![3]}`);
      expect(isGone(pid), `program pid ${pid} is gone`).toBe(true);
      expect(listeningOn(ports)).toEqual([]);
      takeKeptDirs(run.out);
      expect(runDirsOwnedBy(RUN_ROOT, run.pid)).toEqual([]);
    } finally {
      removeResults(run);
    }
  }, 200_000);

  test("Ctrl-C while a later step waits", async () => {
    const run = startCli([], { dir: `${DIR}/signals`, group: true });
    try {
      const started = await waitFor(`the program and the waiting step\n${run.output()}`, 180_000, () => {
        const [runDir] = runDirsOwnedBy(RUN_ROOT, run.pid);
        const tmp = runDir && path.join(runDir, "tmp");
        if (!tmp || !existsSync(tmp)) return undefined;
        const scratch = readdirSync(tmp).map((d) => path.join(tmp, d)).find((d) => existsSync(path.join(d, "step-started")));
        return scratch && existsSync(path.join(scratch, "program-started")) ? { runDir, ...programMarker(readFileSync(path.join(scratch, "program-started"), "utf8")) } : undefined;
      });
      expect(isGone(started.pid)).toBe(false);
      expect(listeningOn(started.ports).length).toBeGreaterThan(0);
      process.kill(-run.pid, "SIGINT");
      const exit = await run.exited;
      expect(exit, run.output()).toEqual({ code: 130, signal: null });
      expect(isGone(started.pid), `program pid ${started.pid} is gone`).toBe(true);
      expect(listeningOn(started.ports)).toEqual([]);
      expect(existsSync(started.runDir)).toBe(false);
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      removeResults(run);
    }
  }, 240_000);
});
