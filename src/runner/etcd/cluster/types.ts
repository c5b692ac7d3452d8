// A cluster as steps see it (the step API re-exports these).
import type { Etcd3 } from "etcd3";
import type { Duration } from "../../../schema/duration.ts";
import type { EtcdFlags } from "../../../schema/frontmatter.ts";
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
  client(options?: { members?: Array<Member | string | number>; timeout?: Duration }): Etcd3;
  /** Stops every member (reverse order); safe to call twice. */
  stop(): Promise<void>;
}
