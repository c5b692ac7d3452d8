// Issue 5, "bad input, one clear error each" — bad invocations and environments: the real CLI,
// each case with the exact paragraph it prints (test/fixtures/faults/bad-invocation/<case>/
// expected.txt) and a non-zero exit. None of these needs a playbook to be broken.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCluster, newRunDir, reapRunDir, resolveEtcd, type ManagedCluster } from "../../src/runner/etcd/index.ts";
import { FIXTURES, removeResults, runCli } from "../helpers/cli.ts";
import { normalize, paragraph } from "./helpers/messages.ts";

const BAD = `${FIXTURES}/bad-input`;
const ENDPOINTS = `${FIXTURES}/endpoints`;

/** A loopback port nothing listens on: the OS's pick, released at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let scratch: string;
let etcd34: string;
let nowhere: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "faults-env-"));
  writeFileSync(path.join(scratch, "a-file"), "not a dir\n");
  etcd34 = (await resolveEtcd({ series: "3.4" })).etcd;
  nowhere = `http://127.0.0.1:${await closedPort()}`;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The machine's own etcd must not be found, nor built: no cache, a PATH without etcd, and no Go (GOROOT names a dir without it). */
const noEtcd = () => ({ ETCD_PLAYBOOKS_CACHE: path.join(scratch, "empty-cache"), PATH: "/usr/bin:/bin", GOROOT: path.join(scratch, "no-go") });

const CASES: { name: string; code: string; exit?: number; dir?: string; args: () => string[]; env?: () => Record<string, string> }[] = [
  { name: "no-playbooks", code: "NO_PLAYBOOKS", dir: BAD, args: () => ["no-such-playbook"] },
  { name: "no-playbooks-folder", code: "NO_PLAYBOOKS", dir: `${FIXTURES}/no-such-folder`, args: () => [] },
  { name: "bad-option", code: "CLI_USAGE", exit: 2, dir: BAD, args: () => ["healthy", "--timeout", "soon"] },
  { name: "etcd-bin-nowhere", code: "ETCD_NOT_FOUND", dir: BAD, args: () => ["healthy"], env: () => ({ ETCD_BIN: "/nonexistent/etcd" }) },
  {
    name: "no-binary-no-download",
    code: "ETCD_NOT_FOUND",
    dir: BAD,
    // 3.5: the series Debian would provide, were its archive reachable.
    args: () => ["healthy", "--etcd-version", "3.5"],
    env: () => ({ ...noEtcd(), ETCD_PLAYBOOKS_DEBIAN_MIRROR: nowhere }),
  },
  { name: "cache-unwritable", code: "CACHE_UNWRITABLE", dir: BAD, args: () => ["healthy"], env: () => ({ ...noEtcd(), ETCD_PLAYBOOKS_CACHE: path.join(scratch, "a-file", "cache") }) },
  { name: "wrong-version", code: "ETCD_VERSION_MISMATCH", dir: BAD, args: () => ["healthy", "--etcd-version", "3.5"], env: () => ({ ETCD_BIN: etcd34 }) },
  { name: "endpoint-unreachable", code: "ENDPOINT_UNREACHABLE", dir: ENDPOINTS, args: () => ["read-only", "--endpoints", nowhere] },
  { name: "tls-file-missing", code: "TLS_FILE_MISSING", dir: ENDPOINTS, args: () => ["read-only", "--endpoints", nowhere, "--cacert", "/nonexistent/ca.pem"] },
  { name: "destructive-playbook", code: "DESTRUCTIVE_REFUSED", dir: ENDPOINTS, args: () => ["destructive", "--endpoints", nowhere] },
];

describe("bad invocations: one paragraph each, and a non-zero exit", () => {
  test.each(CASES)("$name: $code", async ({ name, code, exit, dir, args, env }) => {
    const run = await runCli(args(), { ...(dir ? { dir } : {}), ...(env ? { env: env() } : {}), timeoutMs: 60_000 });
    try {
      expect(run.code, run.out).toBe(exit ?? 1);
      const shown = paragraph(run.out, code);
      expect(shown, run.out).toBeDefined();
      const stable = normalize(shown!, { [scratch]: "<scratch>", [etcd34]: "<etcd-3.4>", [nowhere]: "http://127.0.0.1:<closed>" });
      await expect(stable).toMatchFileSnapshot(`../fixtures/faults/bad-invocation/${name}/expected.txt`);
      // Nothing else: one problem, one paragraph, no stack trace.
      expect(run.out).not.toMatch(/^\s+at |❯ .*node_modules/m);
    } finally {
      removeResults(run);
    }
  });

  test("an etcd binary of the wrong series: that series is reported, the other still runs", async () => {
    // The fixture claims 3.4 and 3.5; ETCD_BIN is 3.4, so 3.5 cannot run and 3.4 can.
    const run = await runCli(["--etcd-version", "all"], { dir: `${FIXTURES}/two-series`, env: { ETCD_BIN: etcd34 } });
    try {
      expect(run.code, run.out).toBe(1);
      expect(paragraph(run.out, "ETCD_VERSION_MISMATCH")).toContain(`ETCD_BIN=${etcd34} is etcd 3.4.`);
      expect(run.out).toContain(`Not run on etcd 3.5: ETCD_BIN=${etcd34} is etcd 3.4.`);
      expect(run.readResults().playbooks.map((p) => [p.etcdSeries, p.status])).toEqual([["3.4", "passed"]]);
    } finally {
      removeResults(run);
    }
  });
});

describe("a destructive step against --endpoints", () => {
  let cluster: ManagedCluster;
  let runDir: string;
  beforeAll(async () => {
    runDir = await newRunDir();
    cluster = await createCluster({ binary: await resolveEtcd({ series: "3.5" }), shape: { members: 1 }, runDir, label: "users-cluster" });
    await cluster.start();
  });
  afterAll(async () => {
    await cluster?.teardown({ keep: false });
    await reapRunDir(runDir);
  });

  test("is refused at its line; the read-only step before it runs; the destructive playbook is not run", async () => {
    const run = await runCli(["--endpoints", cluster.endpoints.join(",")], { dir: ENDPOINTS });
    try {
      expect(run.code, run.out).toBe(1);
      expect(run.out).toContain(`not run against --endpoints: ${ENDPOINTS}/destructive.mdx (destructive`);
      const shown = normalize(paragraph(run.out, "DESTRUCTIVE_REFUSED")!);
      await expect(shown).toMatchFileSnapshot("../fixtures/faults/bad-invocation/destructive-step/expected.txt");
      const [playbook] = run.readResults().playbooks;
      expect(playbook!.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
      expect(playbook!.steps[1]!.status === "failed" && playbook!.steps[1]!.error).toMatchObject({ code: "DESTRUCTIVE_REFUSED", line: 14 });
      // The user's cluster was not written to.
      expect(await cluster.client().get("k").string()).toBeNull();
    } finally {
      removeResults(run);
    }
  });
});
