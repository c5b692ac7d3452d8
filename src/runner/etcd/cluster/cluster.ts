// A cluster of members this runner started: made from a ClusterShape, members m0…mN-1 on free
// loopback ports with their own data dirs under one cluster dir, and a unique cluster token.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import path from "node:path";
import type { Etcd3 } from "etcd3";
import { limitMs, parseDuration, type Duration } from "../../../schema/duration.ts";
import { clusterShapeSchema, type ClusterShape, type MemberShape } from "../../../schema/frontmatter.ts";
import { PlaybookError, isPlaybookError } from "../../errors/index.ts";
import { freePorts } from "../../os/index.ts";
import type { EtcdBinary } from "../binary/index.ts";
import { ClientRegistry, createEtcdctl, writeBinDir, type ClientOptions, type Etcdctl } from "../clients/index.ts";
import { ManagedMember, type Member } from "../member/index.ts";
import { findLeader } from "./leader.ts";
import { addMember, removeMember } from "./membership.ts";
import { ClusterNetwork, requireNetwork } from "./network.ts";
import { startInitial } from "./start.ts";
import { pickBinary } from "./versions.ts";
import { runnerFlags, type ClusterParts } from "./parts.ts";
import { clusterEnv, describeForKeep, failureSnapshot, memberRuns } from "./report.ts";
import { teardownCluster, type TeardownOptions, type TeardownReport } from "./teardown.ts";
import { ClusterTlsMaterial } from "./tls.ts";
import type { AddMemberOptions, ClientChoice, Cluster } from "./types.ts";

export interface CreateClusterOptions {
  binary: EtcdBinary;
  /** Binaries of the other series the steps may start members with, by series (`cluster.versions`). */
  binaries?: Readonly<Record<string, EtcdBinary>>;
  /** The frontmatter's `cluster` (defaults filled in if missing). */
  shape: Partial<ClusterShape> & { members: number };
  /** A dir from newRunDir(); the cluster gets its own dir inside it. */
  runDir: string;
  /** Names the cluster dir and kept data, e.g. the playbook's file. */
  label: string;
  /** strace for disk faults, instead of Debian's (which is installed when missing). */
  strace?: string;
}

const safeLabel = (label: string) => label.replace(/[^\w.-]+/g, "_").replace(/^[._]+/, "").slice(-80) || "cluster";

export async function createCluster(options: CreateClusterOptions): Promise<ManagedCluster> {
  const shape = clusterShapeSchema.parse(options.shape);
  const dir = await mkdtemp(path.join(options.runDir, `${safeLabel(options.label)}-`));
  const cluster = new ManagedCluster(options.binary, shape, dir, options.label, options.binaries ?? {}, options.strace);
  try {
    for (let i = 0; i < shape.members; i++) await cluster.createMember(shape.member[`m${i}`] ?? {});
  } catch (error) {
    await cluster.teardown({ keep: false });
    throw error;
  }
  cluster.bootstrapFlags();
  return cluster;
}

export class ManagedCluster implements Cluster, ClusterParts, AsyncDisposable {
  readonly members: ManagedMember[] = [];
  readonly clients = new ClientRegistry();
  readonly etcdctl: Etcdctl;
  /** The proxies and network faults, when the frontmatter's `cluster.network` asks for them. */
  readonly network: ClusterNetwork | undefined;
  readonly tls: ClusterTlsMaterial;
  readonly token = `etcd-playbooks-${randomBytes(6).toString("hex")}`;
  /** sh steps' bin dir: etcd, etcdutl and the etcdctl wrapper (../clients/bin-dir.ts). */
  readonly binDir: string;
  private initial = "";
  private torndown: Promise<TeardownReport> | undefined;

  readonly binary: EtcdBinary;
  readonly shape: ClusterShape;
  /** The cluster's own dir inside the run dir: bin/, m0/, m1/, … */
  readonly dir: string;
  readonly label: string;
  private readonly others: Readonly<Record<string, EtcdBinary>>;

  private readonly strace: string | undefined;

  constructor(binary: EtcdBinary, shape: ClusterShape, dir: string, label: string, others: Readonly<Record<string, EtcdBinary>>, strace?: string) {
    this.strace = strace;
    this.binary = binary;
    this.others = others;
    this.shape = shape;
    this.dir = dir;
    this.label = label;
    this.binDir = writeBinDir(path.join(dir, "bin"), binary);
    this.etcdctl = createEtcdctl({ etcdctl: binary.etcdctl, endpoints: () => this.endpoints, env: () => this.tlsEnv() });
    this.tls = new ClusterTlsMaterial(dir);
    const pids = () => new Map(this.members.flatMap((m) => (m.pid !== undefined ? [[m.pid, m.name] as const] : [])));
    this.network = shape.network ? new ClusterNetwork(shape.network, pids) : undefined;
  }

  /** ETCDCTL_* for the cluster's TLS: what its first member that serves TLS wants. */
  tlsEnv(): Record<string, string> {
    return this.members.find((m) => m.clientTls)?.faults.tlsEnv() ?? {};
  }

  async createMember(memberShape: MemberShape): Promise<ManagedMember> {
    const { disk, ...memberFlags } = memberShape;
    const name = `m${this.members.length}`;
    const [clientPort, peerPort] = await freePorts(2);
    // The proxies read the member's own ports per connection: a start retried on other ports moves them.
    let made: ManagedMember | undefined;
    const advertise = await this.network?.proxiesFor(name, () => made?.ports ?? [clientPort!, peerPort!]);
    const member = new ManagedMember({
      name,
      binary: this.binary,
      binaryFor: (series) => this.binaryFor(series),
      dir: path.join(this.dir, name),
      clientPort: clientPort!,
      peerPort: peerPort!,
      clusterFlags: this.shape.flags,
      memberFlags,
      disk,
      fastElection: this.shape.fastElection,
      clients: this.clients,
      ...(this.strace ? { strace: this.strace } : {}),
      ...(advertise ? { advertise, network: this.network!.faults } : {}),
    });
    made = member;
    this.members.push(member);
    if (this.shape.tls) await this.tls.serve(member, this.shape.tls);
    return member;
  }

  /** Internal: the flags every member of the initial cluster starts with. */
  bootstrapFlags(): void {
    const initial = this.members.slice(0, this.shape.members);
    this.initial = initial.map((m) => `${m.name}=${m.peerUrl}`).join(",");
    for (const m of initial) m.launch.baseFlags = runnerFlags(m, this.initial, "new", this.token);
  }

  /** The binaries of `series` (this cluster's own, or one the frontmatter's `cluster.versions` lists). */
  binaryFor(series: string): EtcdBinary {
    return pickBinary(this.binary, this.others, series);
  }

  member(which: number | string | Member): ManagedMember {
    const found =
      typeof which === "number" ? this.members[which] : typeof which === "string" ? this.members.find((m) => m.name === which) : this.members.find((m) => m === which);
    if (!found) {
      const names = this.members.map((m) => m.name).join(", ") || "none";
      throw new PlaybookError("MEMBER_STATE", `no member ${typeof which === "object" ? which.name : JSON.stringify(which)} in this cluster (members: ${names})`);
    }
    return found;
  }

  /** Client URLs of members that were started and not stopped or removed (a crashed member stays, as in a client's config). */
  get endpoints(): string[] {
    return this.members.filter((m) => !m.removed && m.state !== "new" && m.state !== "stopped").map((m) => m.clientUrl);
  }

  get initialCluster(): string {
    return this.initial;
  }

  bootstrappedBy(initialCluster: string): void {
    if (!this.initial) this.initial = initialCluster;
  }

  /** Starts the shape's members in parallel and waits until each serves a linearizable read. */
  start(options: { timeout?: Duration } = {}): Promise<void> {
    return startInitial(this.members.slice(0, this.shape.members), () => this.bootstrapFlags(), options);
  }

  leader(options: { timeout?: Duration } = {}): Promise<ManagedMember> {
    return findLeader(this.members, options);
  }

  async waitReady(options: { timeout?: Duration } = {}): Promise<void> {
    const alive = this.members.filter((m) => m.alive && !m.removed);
    await Promise.all(alive.map((m) => m.waitReady(options)));
  }

  add(options: AddMemberOptions = {}): Promise<ManagedMember> {
    return addMember(this, options);
  }

  remove(which: Member | string | number): Promise<void> {
    return removeMember(this, this.member(which));
  }

  client(options: ClientChoice = {}): Etcd3 {
    const chosen = options.members ? options.members.map((m) => this.member(m)) : this.members.filter((m) => this.endpoints.includes(m.clientUrl));
    if (chosen.length === 0) throw new PlaybookError("MEMBER_STATE", "no member is running to connect a client to");
    const timeoutMs = options.timeout === undefined ? undefined : parseDuration(options.timeout);
    // A client to members serving TLS presents what their probes present, unless the step names its own files.
    const tls: ClientOptions["tls"] = options.tls ?? chosen.find((m) => m.clientTls)?.clientTls;
    return this.clients.create({ hosts: chosen.map((m) => m.clientUrl), ...(timeoutMs ? { timeoutMs } : {}), ...(tls ? { tls } : {}) });
  }

  isolate(which: Member | string | number): void {
    requireNetwork(this.network?.faults, "isolate").set(this.faultable(which, "isolate").name, { blocked: true });
  }

  partition(a: ReadonlyArray<Member | string | number>, b: ReadonlyArray<Member | string | number>): void {
    const names = (side: ReadonlyArray<Member | string | number>) => side.map((m) => this.faultable(m, "partition").name);
    requireNetwork(this.network?.faults, "partition").partition(names(a), names(b));
  }

  heal(): void {
    this.network?.faults.heal();
  }

  private faultable(which: Member | string | number, action: string): ManagedMember {
    const m = this.member(which);
    if (!m.faultable) throw m.stateError(action);
    return m;
  }

  /**
   * Stops every member gracefully, last first, one at a time: stopped together, a leader waits
   * 5 s for a leadership transfer to peers that are going away too (measured on 3.4 and 3.5).
   * One failure does not keep the others running.
   */
  async stop(): Promise<void> {
    const failed: unknown[] = [];
    for (const m of [...this.members].reverse()) await m.stop().catch((e: unknown) => failed.push(e));
    if (failed.length) throw failed.find(isPlaybookError) ?? failed[0];
  }

  memberRuns(): { name: string; args: string[]; versions: string[] }[] {
    return memberRuns(this);
  }

  env(): Record<string, string> {
    return clusterEnv(this);
  }

  snapshot(): Promise<string> {
    return failureSnapshot(this);
  }

  describeForKeep(): string {
    return describeForKeep(this);
  }

  /** Closes clients, stops members, removes (or keeps) their dirs. Runs once; later calls get the same report. */
  teardown(options: TeardownOptions = { keep: false }): Promise<TeardownReport> {
    this.torndown ??= teardownCluster(this, options);
    return this.torndown;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const report = await this.teardown({ keep: false });
    if (report.error) throw report.error;
  }
}
