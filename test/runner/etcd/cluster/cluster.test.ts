// Three-member clusters against real etcd: leadership, membership changes, etcdctl, sh steps'
// environment and the failure snapshot, on every supported series.
import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { createCluster, type ManagedCluster } from "../../../../src/runner/etcd/index.ts";
import { SERIES, binary, pidGone, useRunDir } from "../helpers.ts";

const runDir = useRunDir();

describe.each(SERIES)("etcd %s cluster", (series) => {
  async function started(members = 3): Promise<ManagedCluster> {
    const cluster = await createCluster({ binary: await binary(series), shape: { members }, runDir: runDir(), label: `cluster-${series}` });
    await cluster.start();
    return cluster;
  }

  test("3 members start ready; leader(); killing the leader elects another", async () => {
    await using cluster = await started();
    expect(cluster.members.map((m) => m.state)).toEqual(["running", "running", "running"]);
    expect(cluster.endpoints).toHaveLength(3);
    expect(cluster.initialCluster).toBe(cluster.members.map((m) => `${m.name}=${m.peerUrl}`).join(","));
    const first = await cluster.leader();
    const pid = first.pid!;
    await first.kill();
    expect(pidGone(pid)).toBe(true);
    expect(first.state).toBe("exited");
    const second = await cluster.leader({ timeout: "5s" });
    expect(second).not.toBe(first);
    // A crashed member stays among the endpoints, as in a client's configuration; a client to all
    // of them moves on to the next host at once.
    expect(cluster.endpoints).toContain(first.clientUrl);
    const client = cluster.client();
    for (let i = 0; i < 10; i++) await client.put(`k${i}`).value("v");
    expect(await client.getAll().prefix("k").count()).toBe(10);
    await first.start();
    await cluster.waitReady();
  });

  test("a member without a quorum: ETCD_START_TIMEOUT, left running for the steps (and teardown) to deal with", async () => {
    await using cluster = await started();
    await cluster.member(1).stop();
    await cluster.member(2).stop();
    const m0 = cluster.member(0);
    const error = await m0.restart({ timeout: "1s" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ETCD_START_TIMEOUT", message: expect.stringMatching(/^etcd member m0 did not serve a linearizable read within 1 s; last probe: /) });
    expect((error as { details: string }).details).toMatch(/^pid \d+ is still running \(state starting\); teardown will stop it\./);
    expect(m0.state).toBe("starting");
    expect(m0.alive).toBe(true);
    await m0.restart({ wait: "spawned" });
    // etcd logs that it serves clients only once it has published itself through raft, which needs
    // a quorum; a lone member of three keeps campaigning instead.
    await m0.waitForLog("is starting a new election", { timeout: "5s" });
    await expect(m0.waitForLog(/serving client|serving insecure client/, { timeout: 500 })).rejects.toMatchObject({ code: "LOG_WAIT_TIMEOUT" });
  });

  test("a client to a dead member fails fast, not after etcd3's retries", async () => {
    await using cluster = await started(1);
    const m = cluster.member(0);
    const client = m.client();
    await client.put("a").value("1");
    await m.kill();
    const t0 = performance.now();
    await expect(client.get("a").string()).rejects.toThrow();
    expect(performance.now() - t0).toBeLessThan(1_000);
    await m.start();
    expect(await client.get("a").string()).toBe("1");
  });

  // From 3 to 4 voters: growing a 1-member cluster to 2 costs 5 s on 3.5 (the joining member's
  // downgrade check needs a linearizable read from a member that just lost its quorum). And etcd
  // refuses to remove a voter until the others have been connected for 5 s: remove() waits it out.
  test("a watch through the layer's client resumes soon after its member restarts (100 ms backoff)", async () => {
    await using cluster = await started(1);
    const client = cluster.client();
    const watcher = await client.watch().key("k").create();
    const seen: string[] = [];
    watcher.on("put", (kv) => seen.push(kv.value.toString()));
    watcher.on("error", () => undefined);
    await client.put("k").value("1");
    const m = cluster.member(0);
    await m.kill();
    await m.start();
    const t0 = performance.now();
    await client.put("k").value("2");
    while (!seen.includes("2") && performance.now() - t0 < 5_000) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(["1", "2"]);
    expect(performance.now() - t0).toBeLessThan(2_000);
    await watcher.cancel();
  });

  test("add() registers with member add and joins; remove() takes it out and stops it", async () => {
    await using cluster = await started(3);
    const m3 = await cluster.add();
    expect(m3.name).toBe("m3");
    expect(m3.state).toBe("running");
    expect(m3.args).toContain("--initial-cluster-state=existing");
    expect(m3.args.find((a) => a.startsWith("--initial-cluster="))).toContain(`m3=${m3.peerUrl}`);
    const list = await cluster.etcdctl("member", "list");
    expect(list.stdout.trim().split("\n")).toHaveLength(4);
    await cluster.remove("m3");
    expect(m3.state).toBe("stopped");
    expect(cluster.endpoints).toHaveLength(3);
    expect(cluster.endpoints).not.toContain(m3.clientUrl);
    const after = await cluster.etcdctl("member", "list");
    expect(after.stdout.trim().split("\n")).toHaveLength(3);
  });

  test("add({ learner: true }) joins as a learner; a learner is removed at once", async () => {
    await using cluster = await started(1);
    const learner = await cluster.add({ learner: true });
    expect(learner.state).toBe("running");
    const status = await cluster.etcdctl("endpoint", "status", "-w", "json", `--endpoints=${learner.clientUrl}`);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)[0].Status.isLearner).toBe(true);
    const t0 = performance.now();
    await cluster.remove(learner);
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(learner.state).toBe("stopped");
  });

  test("members: 0 — the first add() bootstraps a cluster; with every member stopped etcdctl never falls back to 127.0.0.1:2379", async () => {
    await using cluster = await started(0);
    expect(cluster.endpoints).toEqual([]);
    const lonely = await cluster.etcdctl("--command-timeout=1s", "get", "k");
    expect(lonely.code).not.toBe(0);
    expect(lonely.output).toContain("no-member-is-running");
    expect(lonely.output).not.toContain("2379");
    expect(cluster.env().ETCDCTL_ENDPOINTS).toContain("no-member-is-running");
    const m0 = await cluster.add();
    expect(m0.args).toContain("--initial-cluster-state=new");
    expect(cluster.initialCluster).toBe(`m0=${m0.peerUrl}`);
    expect((await cluster.etcdctl("put", "k", "v")).code).toBe(0);
    const m1 = await cluster.add({ learner: true });
    expect(m1.args).toContain("--initial-cluster-state=existing");
  });

  test("add({ register: false }) makes a member no cluster knows: its start fails", async () => {
    await using cluster = await started(1);
    await expect(cluster.add({ register: false, start: { timeout: "10s" } })).rejects.toMatchObject({ code: "ETCD_START_FAILED" });
  });

  test("etcdctl: a step's own --endpoints wins with no warning; a non-zero exit is a result", async () => {
    await using cluster = await started();
    const m2 = cluster.member(2);
    const own = await cluster.etcdctl("--endpoints", m2.clientUrl, "endpoint", "status");
    expect(own.code).toBe(0);
    expect(own.stdout.trim().split("\n")).toEqual([expect.stringContaining(m2.clientUrl)]);
    // "No warning" means none about the flag: etcdctl names a shadowed or conflicting variable.
    // A retry line ("leader changed") can appear when a loaded machine triggers an election.
    const flagWarning = /shadowed|conflicting|ETCDCTL_ENDPOINTS/i;
    expect(own.stderr).not.toMatch(flagWarning);
    const eq = await cluster.etcdctl(`--endpoints=${m2.clientUrl}`, "--dial-timeout=1s", "get", "x");
    expect(eq.code).toBe(0);
    expect(eq.stderr).not.toMatch(flagWarning);
    const bad = await cluster.etcdctl("no-such-command");
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain("unknown command");
    const limited = await cluster.etcdctl.with({ timeout: 300 })("watch", "forever");
    expect(limited).toMatchObject({ code: null, signal: "SIGKILL" });
    expect(limited.durationMs).toBeLessThan(2_000);
  });

  test("env(): sh steps reach the cluster through PATH's etcdctl; their own flags win", async () => {
    await using cluster = await started();
    const env = { ...process.env, ...cluster.env() };
    expect(env.ETCDCTL_ENDPOINTS).toBe(cluster.endpoints.join(","));
    expect(env.M1_URL).toBe(cluster.member(1).clientUrl);
    expect(env.M1_DIR).toBe(cluster.member(1).dataDir);
    const sh = (script: string) => spawnSync("bash", ["--norc", "-euo", "pipefail", "-c", script], { env, encoding: "utf8" });
    const health = sh("etcdctl endpoint health");
    expect(health.status).toBe(0);
    expect(health.stdout + health.stderr).toMatch(/is healthy/);
    const own = sh('etcdctl --endpoints="$M0_URL" --command-timeout=3s put k v && etcdctl --endpoints "$M2_URL" get k --print-value-only');
    expect(own).toMatchObject({ status: 0, stdout: "OK\nv\n", stderr: "" });
    expect(sh("etcd --version").stdout).toContain(`etcd Version: ${cluster.binary.version.version}`);
  });

  test("snapshot(): states, log tails, member list, endpoint status, alarms — even with a member down", async () => {
    await using cluster = await started();
    await cluster.member(1).kill();
    const t0 = performance.now();
    const text = await cluster.snapshot();
    expect(performance.now() - t0).toBeLessThan(4_000);
    expect(text).toMatch(/^m0 running pid \d+/m);
    expect(text).toMatch(/^m1 exited, last exit SIGKILL/m);
    expect(text).toContain("$ etcdctl member list -w table");
    expect(text).toContain("$ etcdctl endpoint status -w table");
    expect(text).toContain("$ etcdctl alarm list");
    expect(text).toContain(cluster.member(0).clientUrl);
  });

  test("stop() stops every member; safe twice", async () => {
    await using cluster = await started();
    const pids = cluster.members.map((m) => m.pid!);
    await Promise.all([cluster.stop(), cluster.stop()]);
    await cluster.stop();
    expect(cluster.members.map((m) => m.state)).toEqual(["stopped", "stopped", "stopped"]);
    expect(pids.every(pidGone)).toBe(true);
    expect(cluster.endpoints).toEqual([]);
  });
});
