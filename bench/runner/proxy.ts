// What the fault proxies cost when no fault is in force: put+get round trips on a 3-member
// cluster whose peers talk through the runner's proxies (`network: peer`), beside the same on a
// cluster whose peers talk directly. Both clusters run at once and the calls alternate one by
// one (which goes first alternating too), so that both sides see the same machine: on a shared
// machine the load moves faster than batches do.
import { createCluster, newRunDir, reapRunDir, type EtcdBinary } from "../../src/runner/etcd/index.ts";

/** Calls per side per round. */
const CALLS = 80;

export async function proxyCost(binary: EtcdBinary, rounds: number): Promise<{ direct: number[]; proxied: number[] }> {
  const runDir = await newRunDir();
  const direct = await createCluster({ binary, shape: { members: 3 }, runDir, label: "bench-direct" });
  const proxied = await createCluster({ binary, shape: { members: 3, network: "peer" }, runDir, label: "bench-proxied" });
  const times = { direct: [] as number[], proxied: [] as number[] };
  try {
    await Promise.all([direct.start(), proxied.start()]);
    // Through the leader, so that each write is one raft round over the peer links and nothing else.
    const clients = { direct: (await direct.leader()).client(), proxied: (await proxied.leader()).client() };
    const once = async (side: "direct" | "proxied", i: number) => {
      const started = performance.now();
      await clients[side].put(`bench/${i}`).value(`v${i}`);
      if ((await clients[side].get(`bench/${i}`).string()) !== `v${i}`) throw new Error(`${side}: bench/${i} has the wrong value`);
      times[side].push(performance.now() - started);
    };
    for (let i = 0; i < 20; i++) await Promise.all([once("direct", i), once("proxied", i)]); // warm both
    times.direct.length = times.proxied.length = 0;
    for (let i = 0; i < rounds * CALLS; i++) {
      const order: Array<"direct" | "proxied"> = i % 2 === 0 ? ["direct", "proxied"] : ["proxied", "direct"];
      for (const side of order) await once(side, i);
    }
    return times;
  } finally {
    await Promise.all([direct.teardown({ keep: false }), proxied.teardown({ keep: false })]);
    await reapRunDir(runDir);
  }
}
