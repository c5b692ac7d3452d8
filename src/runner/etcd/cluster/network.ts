// The cluster's side of network faults: with `cluster.network` in the frontmatter every member gets
// a proxy in front of its peer port (and, with `all`, its client port) before the cluster starts —
// advertise URLs are part of the initial cluster, so this cannot be decided later. Without it no
// proxy exists and members talk directly. Partitions and healing act on the shared state.
import { PlaybookError } from "../../errors/index.ts";
import { freePort, releasePorts } from "../../os/index.ts";
import { FaultProxy, NetworkFaults, senderOf, type MemberPids, type Traffic } from "../faults/index.ts";

/** The network faults, or FAULT_UNAVAILABLE saying how to turn them on. */
export function requireNetwork(faults: NetworkFaults | undefined, what: string): NetworkFaults {
  if (faults) return faults;
  throw new PlaybookError("FAULT_UNAVAILABLE", `cannot ${what}: the members' peer traffic does not pass the runner's proxies`, {
    hint: "Add network: peer to the frontmatter's cluster (e.g. cluster: { members: 3, network: peer }); the proxies are set up before the members start.",
  });
}

/** How often a proxy's port is picked again when another process took it first. */
const LISTEN_TRIES = 5;

export class ClusterNetwork {
  readonly faults = new NetworkFaults();
  private readonly proxies: FaultProxy[] = [];
  private readonly mode: "peer" | "all";
  private readonly identify: ReturnType<typeof senderOf>;

  constructor(mode: "peer" | "all", pids: MemberPids) {
    this.mode = mode;
    this.identify = senderOf(pids);
  }

  /** Proxies for a new member, in front of its own ports (read when a connection comes); returns the ports it advertises. */
  async proxiesFor(member: string, own: () => [number, number]): Promise<{ peer: number; client?: number }> {
    const peer = await this.open(member, "peer", () => own()[1]);
    const client = this.mode === "all" ? await this.open(member, "client", () => own()[0]) : undefined;
    return { peer, ...(client !== undefined ? { client } : {}) };
  }

  private async open(member: string, traffic: Traffic, target: () => number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const proxy = new FaultProxy({ member, traffic, port, target, network: this.faults, ...(traffic === "peer" ? { identify: this.identify } : {}) });
      try {
        await proxy.listen();
        this.proxies.push(proxy);
        return port;
      } catch (error) {
        await proxy.close();
        releasePorts([port]);
        if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= LISTEN_TRIES) {
          throw new PlaybookError("FAULT_UNAVAILABLE", `cannot open a ${traffic} proxy for ${member} on 127.0.0.1:${port}: ${(error as Error).message}`, { cause: error });
        }
      }
    }
  }

  /** Heals every fault, closes every proxy (and its connections) and frees their ports. */
  async close(): Promise<string[]> {
    this.faults.heal();
    const closed = await Promise.allSettled(this.proxies.map((p) => p.close()));
    releasePorts(this.proxies.map((p) => p.port));
    return closed.flatMap((r, i) => (r.status === "rejected" ? [`closing ${this.proxies[i]!.init.member}'s ${this.proxies[i]!.init.traffic} proxy: ${(r.reason as Error).message}`] : []));
  }

  /** Open connections through every proxy (0 after close()). */
  get connections(): number {
    return this.proxies.reduce((n, p) => n + p.connections, 0);
  }
}
