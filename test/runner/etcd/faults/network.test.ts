// Network faults against real etcd, on every supported series: members behind the runner's
// proxies, a leader cut off, a partition, latency in round-trip times, and no proxy without
// `network` in the shape. What etcd does (elections, refused writes) is the evidence.
import { describe, expect, test } from "vitest";
import { createCluster, type ManagedCluster, type ManagedMember } from "../../../../src/runner/etcd/index.ts";
import { memberStatus } from "../../../../src/runner/etcd/clients/probe.ts";
import { FAULT_SERIES, binary, useRunDir } from "../helpers.ts";

const runDir = useRunDir();

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The leader each member reports, by name (undefined: none or no answer). */
async function leaders(cluster: ManagedCluster, members: ManagedMember[]): Promise<(string | undefined)[]> {
  const statuses = await Promise.all(cluster.members.map((m) => memberStatus(m.clientUrl, 500)));
  const byId = new Map(statuses.flatMap((s, i) => (s.ok ? [[s.value.memberId, cluster.members[i]!.name] as const] : [])));
  return Promise.all(members.map(async (m) => {
    const s = await memberStatus(m.clientUrl, 500);
    return s.ok && s.value.leader !== "0" ? byId.get(s.value.leader) : undefined;
  }));
}

async function median(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}

describe.each(FAULT_SERIES)("etcd %s network faults", (series) => {
  async function three(shape: { fastElection?: boolean } = {}): Promise<ManagedCluster> {
    return createCluster({ binary: await binary(series), shape: { members: 3, network: "peer", ...shape }, runDir: runDir(), label: `net-${series}` });
  }

  test("members advertise the proxies' peer ports and listen on their own", async () => {
    await using cluster = await three();
    await cluster.start();
    for (const m of cluster.members) {
      expect(m.args).toContain(`--initial-advertise-peer-urls=${m.peerUrl}`);
      expect(m.args).toContain(`--listen-peer-urls=http://127.0.0.1:${m.ports[1]}`);
      expect(m.peerUrl).not.toBe(`http://127.0.0.1:${m.ports[1]}`);
    }
    expect(cluster.initialCluster).toBe(cluster.members.map((m) => `${m.name}=${m.peerUrl}`).join(","));
    expect(cluster.network!.connections).toBeGreaterThan(0);
  });

  test("isolating the leader brings an election among the others; heal() lets it rejoin", async () => {
    await using cluster = await three();
    await cluster.start();
    const old = await cluster.leader();
    const others = cluster.members.filter((m) => m !== old);
    cluster.isolate(old);
    const elected = await until("the others to agree on a new leader", 15_000, async () => {
      const [a, b] = await leaders(cluster, others);
      return a !== undefined && a === b && a !== old.name ? a : undefined;
    });
    expect(others.map((m) => m.name)).toContain(elected);
    // The majority takes writes; the isolated member cannot serve a linearizable read.
    await cluster.client({ members: others, timeout: "5s" }).put("after").value("isolation");
    const cut = await cluster.client({ members: [old], timeout: "1s" }).get("after").string().catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(Error);
    cluster.heal();
    await until("the old leader to follow the new one", 15_000, async () => ((await leaders(cluster, [old]))[0] === elected ? true : undefined));
    expect(await old.client().get("after").string()).toBe("isolation");
  });

  test("a partition leaves the majority serving and the minority without a leader", async () => {
    await using cluster = await three();
    await cluster.start();
    cluster.partition(["m0"], ["m1", "m2"]);
    const [m0, m1, m2] = cluster.members as [ManagedMember, ManagedMember, ManagedMember];
    await until("m0 to lose its leader", 15_000, async () => ((await leaders(cluster, [m0]))[0] === undefined ? true : undefined));
    const [l1, l2] = await until("m1 and m2 to agree on a leader", 15_000, async () => {
      const ls = await leaders(cluster, [m1, m2]);
      // Until their own election timeout passes, m1 and m2 may still name m0: m0 steps down at its
      // quorum check, which can come first. Wait for a leader on their side of the cut.
      return ls[0] !== undefined && ls[0] !== "m0" && ls[0] === ls[1] ? ls : undefined;
    });
    expect([l1, l2]).not.toContain("m0");
    await cluster.client({ members: [m1, m2] }).put("k").value("majority");
    cluster.heal();
    await cluster.waitReady({ timeout: "15s" });
    expect(await m0.client().get("k").string()).toBe("majority");
  });

  test("latency on the leader shows in each write's round trip, and 0ms clears it", async () => {
    // Real timing (100 ms heartbeats, 1 s elections): a 100 ms delay each way must not cost the leader its quorum.
    await using cluster = await three({ fastElection: false });
    await cluster.start({ timeout: "30s" });
    const leader = await cluster.leader();
    const client = leader.client();
    let i = 0;
    const put = async () => void (await client.put(`k${i++}`).value("v"));
    await put();
    const before = await median(5, put);
    expect(leader.network({ latency: "100ms" })).toEqual({ latency: "100ms", drop: 0, blocked: false, traffic: "peer" });
    // A write commits once a follower has the entry: leader → follower and back, 100 ms each way.
    const slowed = await median(5, put);
    expect(slowed).toBeGreaterThanOrEqual(200);
    expect(slowed).toBeGreaterThan(before + 150);
    leader.network({ latency: "0ms" });
    const cleared = await median(5, put);
    expect(cleared).toBeLessThan(slowed - 150);
  });

  test("without network in the shape there is no proxy, and network faults say how to get one", async () => {
    await using cluster = await createCluster({ binary: await binary(series), shape: { members: 1 }, runDir: runDir(), label: `no-net-${series}` });
    await cluster.start();
    const m0 = cluster.member(0);
    expect(cluster.network).toBeUndefined();
    expect(m0.peerUrl).toBe(`http://127.0.0.1:${m0.ports[1]}`);
    expect(() => cluster.isolate("m0")).toThrow(expect.objectContaining({ code: "FAULT_UNAVAILABLE", hint: expect.stringContaining("network: peer") }));
    expect(() => m0.network({ latency: "10ms" })).toThrow(expect.objectContaining({ code: "FAULT_UNAVAILABLE" }));
  });

  test("bad input: an impossible latency or share, a stopped or unknown member, client traffic not proxied", async () => {
    await using cluster = await three();
    await cluster.start();
    const m2 = cluster.member(2);
    expect(() => m2.network({ latency: "-5ms" })).toThrow(expect.objectContaining({ code: "FAULT_INVALID", message: expect.stringContaining('impossible latency "-5ms"') }));
    expect(() => m2.network({ latency: "150" as "150ms" })).toThrow(expect.objectContaining({ code: "FAULT_INVALID" }));
    expect(() => m2.network({ drop: 1.5 })).toThrow(expect.objectContaining({ code: "FAULT_INVALID", message: expect.stringContaining("1.5") }));
    expect(() => m2.network({ latency: "10ms", traffic: "client" })).toThrow(expect.objectContaining({ code: "FAULT_UNAVAILABLE", hint: expect.stringContaining("network: all") }));
    expect(() => cluster.isolate("m7")).toThrow(expect.objectContaining({ code: "MEMBER_STATE", message: expect.stringContaining('no member "m7"') }));
    await m2.stop();
    expect(() => cluster.isolate(m2)).toThrow(expect.objectContaining({ code: "MEMBER_STATE", message: "cannot isolate m2: it is stopped" }));
    expect(() => cluster.partition(["m0"], ["m2"])).toThrow(expect.objectContaining({ code: "MEMBER_STATE" }));
    // Nothing was half-applied: the two running members still commit writes.
    await cluster.client({ members: [0, 1] }).put("still").value("fine");
  });

  test("teardown heals and closes every proxy", async () => {
    const cluster = await three();
    await cluster.start();
    cluster.isolate("m1");
    cluster.member(0).network({ latency: "20ms" });
    const report = await cluster.teardown({ keep: false });
    expect(report.errors).toEqual([]);
    expect(cluster.network!.faults.active).toBe(false);
    expect(cluster.network!.connections).toBe(0);
  });
});
