// CPU stalls and TLS material against real etcd, on every supported series: a leader stalled
// longer than the election timeout loses its leadership; members serve TLS from the runner's CA,
// and etcd refuses what a bad certificate offers, in its own words.
import { describe, expect, test } from "vitest";
import { createCluster, type ManagedCluster } from "../../../../src/runner/etcd/index.ts";
import { memberStatus } from "../../../../src/runner/etcd/clients/probe.ts";
import { procState } from "../../../../src/runner/os/proc.ts";
import { FAULT_SERIES, binary, useRunDir } from "../helpers.ts";

const runDir = useRunDir();

describe.each(FAULT_SERIES)("etcd %s stalls", (series) => {
  test("a leader stalled past the election timeout loses its leadership; stall(false) ends the schedule", async () => {
    await using cluster = await createCluster({ binary: await binary(series), shape: { members: 3 }, runDir: runDir(), label: `cpu-${series}` });
    await cluster.start();
    const leader = await cluster.leader();
    const termBefore = Number(((await memberStatus(leader.clientUrl, 1000)) as { ok: true; value: { raftTerm: string } }).value.raftTerm);
    // fastElection's 250 ms election timeout, randomized up to 500 ms: each 700 ms stall is more
    // than an election's worth of silence.
    await leader.stall({ for: "700ms", every: "900ms", times: 2 });
    expect(await procState(leader.pid!)).not.toMatch(/^[Tt]$/);
    await cluster.waitReady({ timeout: "10s" });
    const term = Number(((await memberStatus(cluster.member(0).clientUrl, 1000)) as { ok: true; value: { raftTerm: string } }).value.raftTerm);
    expect(term).toBeGreaterThan(termBefore);

    // Without `times` it goes on until stall(false); meanwhile the process is seen stopped.
    const m2 = cluster.member(2);
    await m2.stall({ for: "200ms", every: "300ms" });
    await expect(m2.pause()).rejects.toMatchObject({ code: "MEMBER_STATE" });
    let seenStopped = false;
    for (let i = 0; i < 100 && !seenStopped; i++) {
      seenStopped = /^[Tt]$/.test((await procState(m2.pid!)) ?? "");
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seenStopped).toBe(true);
    await m2.stall(false);
    expect(await procState(m2.pid!)).not.toMatch(/^[Tt]$/);
  });

  test("bad input: an impossible stall, a stopped member", async () => {
    await using cluster = await createCluster({ binary: await binary(series), shape: { members: 1 }, runDir: runDir(), label: `cpu-bad-${series}` });
    await cluster.start();
    const m0 = cluster.member(0);
    await expect(m0.stall({ for: "1s", every: "500ms" })).rejects.toMatchObject({ code: "FAULT_INVALID", message: expect.stringContaining("shorter than the period") });
    await expect(m0.stall({ for: "fast" as "1s", every: "1s" })).rejects.toMatchObject({ code: "FAULT_INVALID" });
    await expect(m0.stall({ for: "100ms", every: "1s", times: 0 })).rejects.toMatchObject({ code: "FAULT_INVALID" });
    await m0.stop();
    await expect(m0.stall({ for: "100ms", every: "1s" })).rejects.toMatchObject({ code: "MEMBER_STATE", message: "cannot stall m0: it is stopped" });
  });
});

describe.each(FAULT_SERIES)("etcd %s TLS", (series) => {
  async function secure(): Promise<ManagedCluster> {
    return createCluster({ binary: await binary(series), shape: { members: 3, tls: "all" }, runDir: runDir(), label: `tls-${series}` });
  }

  test("members serve TLS from the runner's CA; etcdctl, etcd3 and sh steps get its files", async () => {
    await using cluster = await secure();
    await cluster.start();
    for (const m of cluster.members) {
      expect(m.clientUrl).toMatch(/^https:/);
      expect(m.peerUrl).toMatch(/^https:/);
      expect(m.args).toContain("--client-cert-auth");
      expect(m.args).toContain("--peer-client-cert-auth");
    }
    await cluster.client().put("k").value("v");
    expect((await cluster.etcdctl("get", "k", "--print-value-only")).stdout).toBe("v\n");
    const env = cluster.env();
    expect(env.ETCDCTL_CACERT).toBe((await cluster.tls.ca()).certFile);
    expect(env.ETCDCTL_CERT).toBe((await cluster.tls.client()).certFile);
  });

  test("a client certificate from an unrelated CA is refused; an expired or IP-less server certificate is refused by the client", async () => {
    await using cluster = await secure();
    await cluster.start();
    const rogue = await cluster.tls.authority("rogue");
    const intruder = await rogue.issue({ name: "intruder", usage: "client" });
    const refused = await cluster.etcdctl.with({ env: { ETCDCTL_CERT: intruder.certFile, ETCDCTL_KEY: intruder.keyFile } })("--command-timeout=2s", "get", "k");
    expect(refused.code).not.toBe(0);
    const m0 = cluster.member(0);
    await m0.waitForLog(/rejected connection.*certificate signed by unknown authority/, { timeout: "10s" });

    const ca = await cluster.tls.ca();
    await m0.restart({ tls: { client: { cert: await ca.issue({ name: "m0-old", validity: "expired" }), ca } }, wait: "serving" });
    const expired = await m0.etcdctl("--command-timeout=2s", "get", "k");
    expect(expired.code).not.toBe(0);
    expect(expired.output).toMatch(/certificate has expired or is not yet valid/);

    await m0.restart({ tls: { client: { cert: await ca.issue({ name: "m0-noip", ips: [] }), ca } }, wait: "serving" });
    const noIp = await m0.etcdctl("--command-timeout=2s", "get", "k");
    expect(noIp.code).not.toBe(0);
    expect(noIp.output).toMatch(/x509: cannot validate certificate for 127\.0\.0\.1 because it doesn't contain any IP SANs/);
  });
});
