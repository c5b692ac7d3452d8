// `npm run playbook -- <file> --watch` as a contributor uses it: the first run, an edit of the
// file, the second run with a fresh cluster, then Ctrl-C (SIGINT) — and no etcd left behind.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NODE = path.join(ROOT, "node_modules/node/bin/node");
// Inside the repository (Vitest's root); removed in afterAll, like the results and record files.
const SCRATCH = path.join(ROOT, "test/fixtures", `.tmp-watch-${randomBytes(4).toString("hex")}`);
const OUTSIDE = mkdtempSync(path.join(os.tmpdir(), "pb-watch-"));
afterAll(() => {
  rmSync(SCRATCH, { recursive: true, force: true });
  rmSync(OUTSIDE, { recursive: true, force: true });
});

// Each run appends its member's pid and data dir to $WATCH_RECORD, so the test can see that each
// run had its own cluster and that every one of them is gone at the end.
const playbook = (run: number) => `---
title: Watch me
description: Re-run on every save.
cluster: { members: 1 }
---

\`\`\`ts step="Record the member"
const m0 = cluster.member(0);
await sh(\`echo "\${m0.pid} \${m0.dataDir}" >> "$WATCH_RECORD"\`);
log("run ${run}");
\`\`\`
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("--watch re-runs the playbook when its file changes; SIGINT stops it and every member", async () => {
  mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, "watch.mdx");
  const record = path.join(OUTSIDE, "record.txt");
  writeFileSync(file, playbook(1));
  const child = spawn(NODE, [path.join(ROOT, "src/cli/playbook.ts"), path.relative(ROOT, file), "--watch"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NO_COLOR: "1",
      ETCD_PLAYBOOKS_DIR: path.relative(ROOT, SCRATCH),
      ETCD_PLAYBOOKS_RESULTS: path.join(OUTSIDE, "results.json"),
      WATCH_RECORD: record,
    },
    // stdin stays open: Vitest's watch mode reads keys from it, and would quit at its end.
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let exited: number | null | undefined;
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
  const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve((exited = code))));

  /** Resolves once `fn` holds; fails with the output so far on time-out or when the runner exits. */
  async function until(what: string, fn: () => boolean, limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!fn()) {
      if (exited !== undefined) throw new Error(`the runner exited (${exited}) while waiting for ${what}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within ${limitMs / 1000} s:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const runs = () => out.split("Waiting for file changes").length - 1;
  const recorded = () => (existsSync(record) ? readFileSync(record, "utf8").trim().split("\n") : []);

  try {
    await until("first run", () => runs() === 1, 120_000);
    expect(recorded()).toHaveLength(1);
    expect(out).toContain("Record the member");

    writeFileSync(file, playbook(2));
    await until("second run after the edit", () => runs() === 2, 60_000);
    const members = recorded().map((line) => {
      const [pid, dataDir] = line.split(" ");
      return { pid: Number(pid), dataDir: dataDir! };
    });
    expect(members).toHaveLength(2);
    expect(members[1]!.pid).not.toBe(members[0]!.pid);
    // Between runs nothing is left running: the first run's member was stopped and removed.
    expect(alive(members[0]!.pid)).toBe(false);
    expect(existsSync(members[0]!.dataDir)).toBe(false);

    child.kill("SIGINT");
    const code = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r("timeout"), 30_000))]);
    expect(code).toBe(130);
    for (const m of members) {
      expect(alive(m.pid)).toBe(false);
      expect(existsSync(m.dataDir)).toBe(false);
    }
  } finally {
    if (exited === undefined) child.kill("SIGKILL");
  }
});
