// A cluster as steps see it (the step API re-exports these).
import type { Etcd3 } from "etcd3";
import type { Duration } from "../../../schema/duration.ts";
import type { EtcdFlags } from "../../../schema/frontmatter.ts";
import type { ClusterTls } from "../faults/index.ts";
import type { Member, StartOptions } from "../member/index.ts";

export interface AddMemberOptions {
  /** Register with `member add` first (default true). `false` makes a member that no cluster knows. */
  register?: boolean;
  /** Register as a learner (`member add --learner`). */
  learner?: boolean;
  /** Start it after registering (default true). */
  start?: boolean | StartOptions;
  flags?: EtcdFlags;
  /** Run another series' etcd, e.g. `"3.7"` (listed in the frontmatter's `cluster.versions`). */
  version?: string;
}

/** Which members a client talks to, its call deadline, and TLS files it presents. */
export interface ClientChoice {
  /** Default: every endpoint. */
  members?: Array<Member | string | number>;
  /** Unary call deadline, e.g. `"2s"` (default 5 s). */
  timeout?: Duration;
  /** Its own TLS files, e.g. `{ ca: rogue.certFile, cert: bad.certFile, key: bad.keyFile }`; default: the runner's, when members serve TLS. */
  tls?: { ca?: string; cert?: string; key?: string };
}

export interface Cluster {
  /** Members in creation order; a removed member stays listed, `stopped` (or `exited` if it had crashed). */
  readonly members: readonly Member[];
  /** By index (`0` is `m0`) or name. Throws on an unknown member. */
  member(which: number | string): Member;
  /** Client URLs of the members that are not stopped. */
  readonly endpoints: string[];
  /** The `--initial-cluster` value the members were started with. */
  readonly initialCluster: string;
  /** The member that currently leads, found by asking the running members. */
  leader(options?: { timeout?: Duration }): Promise<Member>;
  /** Resolves when every running member serves linearizable reads. */
  waitReady(options?: { timeout?: Duration }): Promise<void>;
  /** Creates a member `m<N>` with fresh ports and data dir; see AddMemberOptions. */
  add(options?: AddMemberOptions): Promise<Member>;
  /** `member remove` through the cluster, then stops the member. */
  remove(member: Member | string | number): Promise<void>;
  /** An etcd3 client to the given members (default: all endpoints); closed at teardown. */
  client(options?: ClientChoice): Etcd3;
  /** Stops every member (reverse order); safe to call twice. */
  stop(): Promise<void>;
  /**
   * Cuts a member off from all its peers, both ways (its clients still reach it); `heal()` ends it.
   * Needs `network: peer` (or `all`) in the frontmatter's `cluster`.
   */
  isolate(member: Member | string | number): void;
  /** Cuts every member of `a` from every member of `b`, both ways, on top of earlier cuts, e.g. `partition(["m0"], ["m1", "m2"])`. */
  partition(a: ReadonlyArray<Member | string | number>, b: ReadonlyArray<Member | string | number>): void;
  /** Ends every partition and every member's network conditions (latency, drop, blocked). */
  heal(): void;
  /** TLS material: the runner's CA, other CAs, certificates with chosen names, SANs and validity. */
  readonly tls: ClusterTls;
}
