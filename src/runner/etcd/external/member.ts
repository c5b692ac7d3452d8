// One endpoint of a user's cluster, shaped like a Member so that steps type-check the same. It
// reads (client, etcdctl, readiness) and refuses every lifecycle operation with NOT_MANAGED.
import type { Etcd3 } from "etcd3";
import { limitMs, type Duration } from "../../../schema/duration.ts";
import { PlaybookError } from "../../errors/index.ts";
import type { ExitInfo } from "../../types.ts";
import type { Etcdctl } from "../clients/index.ts";
import type { NetworkConditions, StallOptions } from "../faults/index.ts";
import type { Member, MemberLog } from "../member/index.ts";

/** What an endpoint needs of the user's cluster it belongs to (ExternalCluster has it). */
export interface EndpointOwner {
  makeEtcdctl(endpoints: () => string[]): Etcdctl;
  notManaged(action: string): PlaybookError;
  status(endpoint: string, timeoutMs: number): Promise<{ ok: true; memberId: string; leader: string } | { ok: false; error: string }>;
  client(options: { members: Member[] }): Etcd3;
}

const EMPTY_LOG: MemberLog = { text: () => "", lines: () => [], tail: () => "", sinceStart: () => [] };

export class ExternalMember implements Member {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl = "";
  readonly dataDir = "";
  readonly pid = undefined;
  readonly state = "running" as const;
  /** A user's member's version is not known without asking it; `endpoint status` shows it. */
  readonly version = "unknown";
  readonly args: readonly string[] = [];
  /** We do not see a user's member's log. */
  readonly log = EMPTY_LOG;
  readonly exit = undefined;
  readonly etcdctl: Etcdctl;
  private readonly cluster: EndpointOwner;

  constructor(name: string, clientUrl: string, cluster: EndpointOwner) {
    this.name = name;
    this.clientUrl = clientUrl;
    this.cluster = cluster;
    this.etcdctl = cluster.makeEtcdctl(() => [clientUrl]);
  }

  private refuse<T>(action: string): Promise<T> {
    return Promise.reject(this.cluster.notManaged(`${action} ${this.clientUrl}`));
  }

  start(): Promise<void> {
    return this.refuse("start");
  }
  stop(): Promise<ExitInfo> {
    return this.refuse("stop");
  }
  kill(): Promise<ExitInfo> {
    return this.refuse("signal");
  }
  pause(): Promise<void> {
    return this.refuse("pause");
  }
  resume(): Promise<void> {
    return this.refuse("resume");
  }
  restart(): Promise<void> {
    return this.refuse("restart");
  }
  setFlags(): void {
    throw this.cluster.notManaged(`set flags of ${this.clientUrl}`);
  }
  wipe(): Promise<void> {
    return this.refuse("wipe the data dir of");
  }
  damage(_part?: "wal" | "snap" | "db"): Promise<string> {
    return this.refuse("damage the data dir of");
  }
  waitForLog(): Promise<string> {
    return this.refuse("read the log of");
  }
  waitExit(): Promise<ExitInfo> {
    return this.refuse("wait for the exit of");
  }
  network(_conditions?: NetworkConditions): NetworkConditions {
    throw this.cluster.notManaged(`change the network of ${this.clientUrl}`);
  }
  stall(_options?: StallOptions | false): Promise<void> {
    return this.refuse("stall");
  }

  /** Resolves once the endpoint answers a status call (a user's cluster is not ours to probe with writes). */
  async waitReady(options: { timeout?: Duration } = {}): Promise<void> {
    const limit = limitMs(options.timeout, 20_000);
    const deadline = performance.now() + limit;
    let last = "";
    while (performance.now() < deadline) {
      const s = await this.cluster.status(this.clientUrl, Math.min(2_000, Math.max(100, deadline - performance.now())));
      if (s.ok) return;
      last = s.error;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new PlaybookError("ENDPOINT_UNREACHABLE", `${this.clientUrl} did not answer within ${limit / 1000} s: ${last}`);
  }

  client(): Etcd3 {
    return this.cluster.client({ members: [this] });
  }
}
