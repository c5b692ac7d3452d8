// What a member's next start runs: which etcd binary (its series can change, for upgrade and
// downgrade stories), which flags, from layers merged in a fixed order (flags.ts), and the faults
// it starts with: disk faults wrap the command in strace, TLS adds certificate flags.
import type { DiskFaultsShape, EtcdFlags } from "../../../schema/frontmatter.ts";
import type { EtcdBinary } from "../binary/index.ts";
import { tracedCommand, type Certificate } from "../faults/index.ts";
import { fastElectionFlags, mergeFlags, renderFlags } from "./flags.ts";

export interface LaunchInit {
  binary: EtcdBinary;
  /** The binaries of another series, for a start with `{ version }` (the cluster's `versions`). */
  binaryFor: (series: string) => EtcdBinary;
  /** Flags of the whole cluster (shape.flags) and of this member (shape.member[name], add flags). */
  clusterFlags: EtcdFlags;
  memberFlags: EtcdFlags;
  fastElection: boolean;
  /** Disk faults from the frontmatter (`cluster.member.m0.disk`). */
  disk?: DiskFaultsShape | undefined;
}

/** The certificates one side of a member serves and the CA file it checks the other side's against. */
export interface ServedTls {
  cert: Certificate;
  /** `--trusted-ca-file` (and client-cert-auth), when the member checks client certificates. */
  trustedCa?: string;
}

export interface LaunchTls {
  client?: ServedTls;
  peer?: ServedTls;
}

export class Launch {
  /** The `--initial-cluster*` flags and other runner-set flags (set by the cluster). */
  baseFlags: EtcdFlags = {};
  /** The member's URL flags, read at every start (a change of TLS changes their scheme). */
  urlFlags: () => EtcdFlags = () => ({});
  /** Every version started, in order (an upgrade story's history). */
  readonly versions: string[] = [];
  /** Faults of the next start. */
  disk: DiskFaultsShape | undefined;
  tls: LaunchTls = {};
  private runtimeFlags: EtcdFlags = {};
  private binary: EtcdBinary;
  private readonly init: LaunchInit;

  constructor(init: LaunchInit) {
    this.init = init;
    this.binary = init.binary;
    this.disk = init.disk;
  }

  get version(): string {
    return this.binary.version.version;
  }

  /** Every flag layer merged: runner's, TLS, timing, cluster's, member's, then restart/setFlags. */
  flags(): EtcdFlags {
    const user = mergeFlags(this.init.clusterFlags, this.init.memberFlags, this.runtimeFlags);
    return mergeFlags(this.baseFlags, this.urlFlags(), tlsFlags(this.tls), fastElectionFlags(this.init.fastElection, user), user);
  }

  /** The command line, binary first. */
  args(): string[] {
    return [this.binary.etcd, ...renderFlags(this.flags())];
  }

  /** What is spawned: the command line, under strace when disk faults need it. */
  command(strace: string | undefined, dataDir: string): string[] {
    return strace && this.disk ? tracedCommand(strace, this.args(), dataDir, this.disk) : this.args();
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

function tlsFlags(tls: LaunchTls): EtcdFlags {
  const flags: EtcdFlags = {};
  if (tls.client) {
    Object.assign(flags, { "cert-file": tls.client.cert.certFile, "key-file": tls.client.cert.keyFile });
    if (tls.client.trustedCa) Object.assign(flags, { "trusted-ca-file": tls.client.trustedCa, "client-cert-auth": true });
  }
  if (tls.peer) {
    Object.assign(flags, { "peer-cert-file": tls.peer.cert.certFile, "peer-key-file": tls.peer.cert.keyFile });
    if (tls.peer.trustedCa) Object.assign(flags, { "peer-trusted-ca-file": tls.peer.trustedCa, "peer-client-cert-auth": true });
  }
  return flags;
}
