// The etcd layer's pure parts: flag rendering, the read-only allowlist, Release parsing, the log
// buffer's bound. (Everything that talks to etcd is tested against real etcd in the other files.)
import { describe, expect, test } from "vitest";
import { fastElectionFlags, mergeFlags, renderFlags } from "../../../src/runner/etcd/member/flags.ts";
import { commandWords, isReadOnlyEtcdctl } from "../../../src/runner/etcd/clients/readonly.ts";
import { debianArch, pickPair, releaseEntry, type DebPackage } from "../../../src/runner/etcd/binary/sources/debian/archive.ts";
import { LogBuffer } from "../../../src/runner/etcd/member/log.ts";
import { callEnv } from "../../../src/runner/etcd/clients/etcdctl.ts";
import { parseVersion } from "../../../src/runner/etcd/binary/version.ts";
import { explainExit, quotable } from "../../../src/runner/etcd/member/fatal-lines.ts";
import { readFileSync } from "node:fs";
import { freePorts, releasePorts, runProcess, toolFailure } from "../../../src/runner/os/index.ts";

describe("flags", () => {
  test("true → --flag, value → --flag=value, false/null drop (even a runner flag); later layers win in place", () => {
    const merged = mergeFlags({ name: "m0", "initial-cluster-state": "new", "log-level": "warn" }, { "log-level": "debug", "initial-cluster-state": null, "enable-pprof": true, "snapshot-count": 10, "auto-tls": false });
    expect(renderFlags(merged)).toEqual(["--name=m0", "--log-level=debug", "--enable-pprof", "--snapshot-count=10"]);
  });

  test("fast election only when the playbook sets neither timing flag", () => {
    expect(fastElectionFlags(true, {})).toEqual({ "heartbeat-interval": 25, "election-timeout": 250 });
    expect(fastElectionFlags(true, { "election-timeout": 1000 })).toEqual({});
    expect(fastElectionFlags(false, {})).toEqual({});
  });
});

describe("read-only etcdctl allowlist", () => {
  test.each([
    [["get", "k"], true],
    [["-w", "json", "endpoint", "status"], true],
    [["--endpoints", "http://x:1", "member", "list"], true],
    [["--endpoints=http://x:1", "alarm", "list"], true],
    [["watch", "--prefix", "a"], true],
    [[], true],
    [["put", "k", "v"], false],
    [["-w", "json", "put", "k", "v"], false],
    [["member", "remove", "1"], false],
    [["alarm", "disarm"], false],
    [["endpoint", "hashkv"], true],
    [["--unknown-flag", "get", "put"], false],
    [["snapshot", "restore", "x.db"], false],
    // cobra takes an unknown flag's next word as its value: this really runs `put get v`.
    [["--prev-kv", "get", "put", "v"], false],
    [["--hex", "get", "k"], true],
    [["--hex", "put", "k", "v"], false],
    [["member", "--hex", "remove", "1"], false],
    [["--", "put", "k", "v"], true], // etcdctl prints its help: nothing runs
  ])("%j → %s", (args, ok) => {
    expect(isReadOnlyEtcdctl(args)).toBe(ok);
  });

  test("value flags are skipped with their value", () => {
    expect(commandWords(["--command-timeout", "5s", "-w", "table", "endpoint", "status", "--cluster"])).toEqual(["endpoint", "status"]);
    expect(commandWords(["--insecure-transport", "get", "k"])).toEqual(["get", "k"]);
  });
});

test("etcdctl env: inherited ETCDCTL_* dropped, ours set, and a flag on the command line removes its variable", () => {
  process.env.ETCDCTL_CACERT = "/from/the/shell";
  try {
    const env = callEnv(["--endpoints=http://a:1", "--dial-timeout", "1s", "get", "--", "--command-timeout=9s"], { ETCDCTL_ENDPOINTS: "x", ETCDCTL_DIAL_TIMEOUT: "2s", ETCDCTL_COMMAND_TIMEOUT: "5s" });
    expect(Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith("ETCDCTL_")))).toEqual({ ETCDCTL_COMMAND_TIMEOUT: "5s" });
  } finally {
    delete process.env.ETCDCTL_CACERT;
  }
});

describe("Debian index", () => {
  const release = "Origin: Debian\nSHA256:\n 0123  10 main/binary-amd64/Packages\n abcd 999 main/binary-amd64/Packages.xz\nMD5Sum:\n ffff 1 x\n";
  test("releaseEntry reads the SHA256 section only", () => {
    expect(releaseEntry(release, "main/binary-amd64/Packages.xz")).toEqual({ sha256: "abcd", size: 999 });
    expect(releaseEntry(release, "x")).toBeUndefined();
    expect(debianArch("x64")).toBe("amd64");
    expect(debianArch("arm64")).toBe("arm64");
  });

  test("pickPair takes the newest server of the series with its client of the same version", () => {
    const pkg = (name: string, debVersion: string): DebPackage => ({ name, debVersion, version: parseVersion(debVersion)!, filename: `${name}_${debVersion}.deb`, size: 1, sha256: "x" });
    const pair = pickPair([pkg("etcd-server", "3.5.16-4"), pkg("etcd-client", "3.5.16-4"), pkg("etcd-server", "3.5.30-1"), pkg("etcd-server", "3.6.1-1"), pkg("etcd-client", "3.6.1-1")], "3.5");
    expect(pair?.server.debVersion).toBe("3.5.16-4"); // 3.5.30 has no client here
  });
});

test("the log keeps the newest lines within its byte bound and numbers them from the start", () => {
  const log = new LogBuffer("/dev/null", 1_000);
  log.write("stdout", "first\n");
  log.markStart();
  for (let i = 0; i < 200; i++) log.write(i % 2 ? "stdout" : "stderr", `line ${i}\n`);
  log.write("stdout", "partial");
  expect(log.text().length).toBeLessThanOrEqual(1_000);
  expect(log.lines().at(-1)).toBe("line 199");
  expect(log.lines()).not.toContain("first");
  log.flush();
  expect(log.tail(2)).toBe("line 199\npartial");
  expect(log.sinceStart().at(-1)).toBe("partial");
});

// Captured from etcd 3.4.23 and 3.5.16 run as an unprivileged user on a root-owned 0700 dir
// (the tests run as root, where no permission is ever denied).
test.each([
  ["3.4", "2026-11-24 17:03:37.812564 C | etcdmain: error listing data dir: /tmp/tmp.iO2FPgKilQ/data"],
  ["3.5", '{"level":"fatal","ts":"2026-11-24T17:03:37.854093Z","caller":"etcdmain/etcd.go:435","msg":"failed to list data directory","dir":"/tmp/tmp.iO2FPgKilQ/data","error":"open /tmp/tmp.iO2FPgKilQ/data: permission denied","stacktrace":"go.etcd.io/etcd/server/etcdmain.identifyDataDirOrDie\\n\\tgo.etcd.io/etcd/server/etcdmain/etcd.go:435"}'],
])("etcd %s: a data dir it may not read is explained as permission denied", (_, line) => {
  const why = explainExit(["2026-11-24 17:03:37.812547 I | etcdmain: setting maximum number of CPUs to 2", line]);
  expect(why).toMatchObject({ reason: "permission denied", line });
  expect(quotable(line)).not.toContain("stacktrace");
});

test("free ports: distinct, never 2379/2380, and below the ephemeral range that outgoing connections use", async () => {
  const ports = await freePorts(200);
  expect(new Set(ports).size).toBe(200);
  expect(ports.filter((p) => p === 2379 || p === 2380)).toEqual([]);
  const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
  if (low! - 1 - 10_000 >= 1_000) expect(ports.every((p) => p >= 10_000 && p < low!)).toBe(true);
  releasePorts(ports);
});

test("helper tools run under a time limit: a tool that hangs is killed and reported", async () => {
  const result = await runProcess("sleep", ["30"], { env: process.env, timeoutMs: 300 });
  expect(result).toMatchObject({ code: null, signal: "SIGKILL", timedOut: true });
  expect(toolFailure("sleep", result)).toMatch(/^sleep did not finish within 0\.3\d* s and was killed$/);
  const failed = await runProcess("sh", ["-c", "echo out; echo err >&2; exit 3"], { env: process.env, timeoutMs: 5_000 });
  expect({ code: failed.code, stderr: failed.stderr, stdout: failed.stdout }).toEqual({ code: 3, stderr: "err\n", stdout: "out\n" });
  expect(toolFailure("sh", failed)).toBe("sh exited with 3: err");
});
