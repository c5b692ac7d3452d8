// The faults as steps ask for them (the step API re-exports these through the member and cluster
// types). Each kind of fault lives in its own file of this folder; every one is healed at teardown.
import type { Duration } from "../../../schema/duration.ts";

/**
 * Conditions of one member's network, set with `member.network(…)`. Each applies to every message
 * the member sends and receives: with `{ latency: "150ms" }` a message from m0 to m1 arrives
 * 150 ms late, and so does m1's answer (both ends' latencies add up).
 */
export interface NetworkConditions {
  /** Added to each message in each direction, e.g. `"150ms"`; `"0ms"` clears it. */
  latency?: Duration;
  /**
   * Share of its traffic lost, from 0 to 1, e.g. `0.3`. The traffic is TCP, so a lost segment is
   * sent again after a retransmission timeout (200 ms, doubling while the losses repeat) and
   * everything behind it on that connection waits, as on a lossy network.
   */
  drop?: number;
  /** `true`: nothing gets through (for peer traffic, the same as `cluster.isolate(member)`). */
  blocked?: boolean;
  /** Which traffic: `"peer"` (default; needs `cluster.network`) or `"client"` (needs `network: all`). */
  traffic?: "peer" | "client";
}

/** One system call's fault: `{ delay: "1500ms" }` makes each call slower, `{ error: "EIO" }` makes it fail. */
export interface SyscallFault {
  delay?: Duration;
  error?: "EIO" | "ENOSPC" | "EDQUOT" | "EROFS" | "EACCES" | "EPERM" | "EBADF" | "EINVAL";
}

/**
 * A member's disk faults, injected into its system calls with strace when it starts (they last
 * for that start and later ones, until `disk: null`), or its data dir on a small filesystem.
 */
export interface DiskFaults {
  /** etcd syncs its WAL and bbolt file with fdatasync on Linux: `{ delay: "1500ms" }` is a slow disk. */
  fdatasync?: SyscallFault;
  fsync?: SyscallFault;
  /** Writes to the data files (write, pwrite64), e.g. `{ error: "EIO" }`. */
  write?: SyscallFault;
  /** A full disk: writes and preallocation of the data files fail with ENOSPC. */
  full?: boolean;
  /** Limit the faults to `"wal"` (the WAL segments there at start and the first new one) or `"db"` (bbolt's file). */
  files?: "wal" | "db";
  /** The data dir on a tmpfs of this size, e.g. `"64MB"` (needs root; the error says so). */
  size?: number | string;
}

/** Short repeated stalls: SIGSTOP for `for`, every `every`; `times` stalls, or until `stall(false)`. */
export interface StallOptions {
  /** How long each stall lasts, e.g. `"300ms"`. */
  for: Duration;
  /** From the start of one stall to the next, e.g. `"1s"`; longer than `for`. */
  every: Duration;
  /** Stop after this many stalls (the call then resolves after the last); default: until `stall(false)`. */
  times?: number;
}

/** Files of one certificate and its key (PEM), and of the CA that signed it. */
export interface Certificate {
  /** Its common name, e.g. `m0` or `root`. */
  readonly name: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate of the authority that signed it. */
  readonly caFile: string;
}

export interface CertificateOptions {
  /** Common name, e.g. `"m0"`; a client certificate's CN is the etcd user with --client-cert-auth. */
  name: string;
  /** IP SANs, default `["127.0.0.1"]`; `[]` for none (then `127.0.0.1` is not a name it is valid for). */
  ips?: string[];
  /** DNS SANs, default `["localhost"]`. */
  dns?: string[];
  /** Extended key usage: `"server"`, `"client"` or `"both"` (default). */
  usage?: "server" | "client" | "both";
  /** `"valid"` (default: from an hour ago for a year), `"expired"`, `"not yet valid"`, or exact dates. */
  validity?: "valid" | "expired" | "not yet valid" | { notBefore: Date; notAfter: Date };
}

/** A certificate authority: its own certificate, and certificates it signs. */
export interface Authority {
  readonly name: string;
  /** Its certificate (what a member's `--trusted-ca-file` or a client's `--cacert` names). */
  readonly certFile: string;
  readonly keyFile: string;
  /** Signs a new certificate. */
  issue(options: CertificateOptions): Promise<Certificate>;
}

/** TLS for the steps: the runner's CA (the one members trust when `cluster.tls` is set) and others. */
export interface ClusterTls {
  /** The runner's CA; with `cluster.tls` every member's certificate is signed by it. */
  ca(): Promise<Authority>;
  /** A second, unrelated CA by that name (made once per name), e.g. `"rogue"`. */
  authority(name: string): Promise<Authority>;
  /** The client certificate (CN `root`) that etcdctl, etcd3 clients and readiness probes use. */
  client(): Promise<Certificate>;
}

/** TLS of one member, for `start`/`restart({ tls })`: certificates its URLs serve, CAs it trusts. */
export interface MemberTls {
  /** Its client URL serves `cert`; with `ca`, clients must present a certificate signed by it. */
  client?: { cert: Certificate; ca?: Authority } | null;
  /** Peer traffic: served with `cert`, peers' certificates checked against `ca`. */
  peer?: { cert: Certificate; ca?: Authority } | null;
}
