// The faults one member is subject to, as its methods use them: network conditions (through the
// cluster's proxies), stall schedules, disk faults (strace, a small filesystem) and TLS at start.
// Kept apart from member.ts so that the state machine there stays readable.
import { PlaybookError } from "../../errors/index.ts";
import type { DiskFaultsShape } from "../../../schema/frontmatter.ts";
import {
  FileAuthority,
  mountSmallFs,
  needsTracer,
  parseDiskFaults,
  parseStall,
  Stalls,
  tracer,
  type Authority,
  type Certificate,
  type DiskFaults,
  type MemberTls,
  type NetworkConditions,
  type NetworkFaults,
  type StallOptions,
} from "../faults/index.ts";
import type { Launch, ServedTls } from "./launch.ts";

/** What clients (probes, etcd3, etcdctl) present to a member that serves TLS. */
export interface ClientTls {
  ca: string;
  cert?: string;
  key?: string;
}

/** What the fault operations need of a member (ManagedMember has it). */
export interface Faultable {
  readonly name: string;
  readonly pid: number | undefined;
  readonly dataDir: string;
  readonly launch: Launch;
  stateError(action: string): PlaybookError;
  /** True while running or paused: a fault needs a live member. */
  readonly faultable: boolean;
}

export class MemberFaults {
  private stalls: Stalls | undefined;
  private mountedBytes: number | undefined;
  /** What clients present to this member, when its client URL serves TLS. */
  clientTls: ClientTls | undefined;
  private readonly network: NetworkFaults | undefined;
  private readonly proxied: { peer: boolean; client: boolean };

  private readonly strace: string | undefined;

  constructor(network: NetworkFaults | undefined, proxied: { peer: boolean; client: boolean }, strace?: string) {
    this.network = network;
    this.proxied = proxied;
    this.strace = strace;
  }

  setNetwork(m: Faultable, conditions: NetworkConditions): NetworkConditions {
    const traffic = conditions.traffic ?? "peer";
    if (!this.network || !this.proxied[traffic]) {
      const want = traffic === "peer" ? "peer" : "all";
      throw new PlaybookError("FAULT_UNAVAILABLE", `${m.name}'s ${traffic} traffic does not pass the runner's proxies, so it cannot be cut, slowed or dropped`, {
        hint: `Add network: ${want} to the frontmatter's cluster, e.g. cluster: { members: 3, network: ${want} }.`,
      });
    }
    if (!m.faultable) throw m.stateError(`change the network of`);
    return this.network.set(m.name, conditions);
  }

  async stall(m: Faultable, options: StallOptions | false): Promise<void> {
    if (options === false) return this.endStalls();
    const plan = parseStall(options);
    if (!m.faultable || m.pid === undefined) throw m.stateError("stall");
    if (this.stalls) throw m.stateError("stall (it is stalling already: stall(false) ends that)");
    const stalls = new Stalls(m.pid, plan);
    this.stalls = stalls;
    void stalls.finished.then(() => {
      if (this.stalls === stalls) this.stalls = undefined;
    });
    if (plan.times !== undefined) await stalls.finished;
  }

  get stalling(): boolean {
    return this.stalls !== undefined;
  }

  /** Ends a stall schedule, leaving the process running (before a stop, a pause, a teardown). */
  endStalls(): void {
    this.stalls?.stop();
    this.stalls = undefined;
  }

  /** Takes a start's `disk` option (null clears it); FAULT_INVALID before anything is stopped. */
  setDisk(launch: Launch, disk: DiskFaults | null | undefined): void {
    if (disk === undefined) return;
    launch.disk = disk === null ? undefined : parseDiskFaults(disk);
  }

  /** Before a start: the small filesystem mounted, strace found; returns strace when the disk faults need it. */
  async prepareDisk(m: Faultable): Promise<string | undefined> {
    const disk: DiskFaultsShape | undefined = m.launch.disk;
    if (disk?.size !== undefined && disk.size !== this.mountedBytes) {
      await mountSmallFs(m.dataDir, disk.size);
      this.mountedBytes = disk.size;
    }
    return needsTracer(disk) ? tracer(this.strace) : undefined;
  }

  /** Takes a start's `tls` option: certificates to serve and CAs to trust, and what clients then present. */
  async setTls(launch: Launch, tls: MemberTls | undefined): Promise<void> {
    if (tls === undefined) return;
    if (tls.client !== undefined) launch.tls.client = tls.client === null ? undefined : served(tls.client);
    if (tls.peer !== undefined) launch.tls.peer = tls.peer === null ? undefined : served(tls.peer);
    await this.clientIdentity(launch, tls.client?.ca);
  }

  /** ETCDCTL_* for this member's TLS. */
  tlsEnv(): Record<string, string> {
    const t = this.clientTls;
    return t ? { ETCDCTL_CACERT: t.ca, ...(t.cert ? { ETCDCTL_CERT: t.cert } : {}), ...(t.key ? { ETCDCTL_KEY: t.key } : {}) } : {};
  }

  /** What probes and clients present: trust the served certificate's CA, and a client certificate from the CA the member trusts. */
  async clientIdentity(launch: Launch, trusted: Authority | undefined): Promise<void> {
    const client = launch.tls.client;
    if (!client) return void (this.clientTls = undefined);
    const own = trusted instanceof FileAuthority ? await trusted.rootClient() : undefined;
    this.clientTls = { ca: client.cert.caFile, ...(own ? { cert: own.certFile, key: own.keyFile } : {}) };
  }
}

function served(side: { cert: Certificate; ca?: Authority }): ServedTls {
  return { cert: side.cert, ...(side.ca ? { trustedCa: side.ca.certFile } : {}) };
}
