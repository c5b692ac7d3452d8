// What the cluster's helpers (membership, report, teardown) need of a cluster. ManagedCluster
// implements it; the helpers import this instead of the class, so the folder has no import cycle.
import type { EtcdFlags, MemberShape } from "../../../schema/frontmatter.ts";
import type { EtcdBinary } from "../binary/index.ts";
import type { ClientRegistry, Etcdctl } from "../clients/index.ts";
import type { ManagedMember } from "../member/index.ts";
import type { ClusterNetwork } from "./network.ts";

export interface ClusterParts {
  readonly members: ManagedMember[];
  readonly clients: ClientRegistry;
  readonly etcdctl: Etcdctl;
  /** The `--initial-cluster-token`, unique per cluster. */
  readonly token: string;
  readonly binary: EtcdBinary;
  /** The cluster's own dir inside the run dir: bin/, m0/, m1/, … */
  readonly dir: string;
  /** Names the cluster in messages, e.g. the playbook's file. */
  readonly label: string;
  /** sh steps' bin dir: etcd, etcdutl and the etcdctl wrapper. */
  readonly binDir: string;
  /** Client URLs of members that were started and not stopped or removed. */
  readonly endpoints: string[];
  /** The proxies and network faults, when the frontmatter asks for them. */
  readonly network: ClusterNetwork | undefined;
  /** ETCDCTL_* TLS variables, when the members serve TLS. */
  tlsEnv(): Record<string, string>;
  /** A member object with fresh ports, not started and not yet in any --initial-cluster. */
  createMember(member: MemberShape): Promise<ManagedMember>;
  /** A cluster of no members gets its --initial-cluster from the first member added. */
  bootstrappedBy(initialCluster: string): void;
}

/** The flags the runner sets on every member; a playbook's flags may override them (member/flags.ts). */
export function runnerFlags(m: ManagedMember, initialCluster: string, state: "new" | "existing", token: string): EtcdFlags {
  return {
    name: m.name,
    "data-dir": m.dataDir,
    "listen-client-urls": m.clientUrl,
    "advertise-client-urls": m.clientUrl,
    "listen-peer-urls": m.peerUrl,
    "initial-advertise-peer-urls": m.peerUrl,
    "initial-cluster": initialCluster,
    "initial-cluster-state": state,
    "initial-cluster-token": token,
  };
}
