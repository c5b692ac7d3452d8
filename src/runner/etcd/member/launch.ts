// What a member's next start runs: which etcd binary (its series can change, for upgrade and
// downgrade stories) and which flags, from layers merged in a fixed order (flags.ts).
import type { EtcdFlags } from "../../../schema/frontmatter.ts";
import type { EtcdBinary } from "../binary/index.ts";
import { fastElectionFlags, mergeFlags, renderFlags } from "./flags.ts";

export interface LaunchInit {
  binary: EtcdBinary;
  /** The binaries of another series, for a start with `{ version }` (the cluster's `versions`). */
  binaryFor: (series: string) => EtcdBinary;
  /** Flags of the whole cluster (shape.flags) and of this member (shape.member[name], add flags). */
  clusterFlags: EtcdFlags;
  memberFlags: EtcdFlags;
  fastElection: boolean;
}

export class Launch {
  /** The `--initial-cluster*` flags and other runner-set flags (set by the cluster). */
  baseFlags: EtcdFlags = {};
  /** Every version started, in order (an upgrade story's history). */
  readonly versions: string[] = [];
  private runtimeFlags: EtcdFlags = {};
  private binary: EtcdBinary;
  private readonly init: LaunchInit;

  constructor(init: LaunchInit) {
    this.init = init;
    this.binary = init.binary;
  }

  get version(): string {
    return this.binary.version.version;
  }

  /** Every flag layer merged: runner's, timing, cluster's, member's, then restart/setFlags. */
  flags(): EtcdFlags {
    const user = mergeFlags(this.init.clusterFlags, this.init.memberFlags, this.runtimeFlags);
    return mergeFlags(this.baseFlags, fastElectionFlags(this.init.fastElection, user), user);
  }

  /** The command line, binary first. */
  args(): string[] {
    return [this.binary.etcd, ...renderFlags(this.flags())];
  }

  setFlags(flags: EtcdFlags): void {
    this.runtimeFlags = mergeFlags(this.runtimeFlags, flags);
  }

  /** Runs `series` (its binaries as the cluster provides them) from the next start on. */
  use(series: string): void {
    this.binary = this.init.binaryFor(series);
  }

  /** Called at each start: switches series when asked, and records the version started. */
  starting(series: string | undefined): void {
    if (series) this.use(series);
    if (this.versions.at(-1) !== this.version) this.versions.push(this.version);
  }
}
