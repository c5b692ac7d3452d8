// A cluster of members this runner started: made from a ClusterShape, members m0…mN-1 on free
// loopback ports with their own data dirs under one cluster dir, and a unique cluster token.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import path from "node:path";
import type { Etcd3 } from "etcd3";
import { limitMs, parseDuration, type Duration } from "../../../schema/duration.ts";
import { clusterShapeSchema, type ClusterShape, type EtcdFlags } from "../../../schema/frontmatter.ts";
import { EtcdStartError, PlaybookError, isPlaybookError } from "../../errors/index.ts";
import { freePorts, releasePorts } from "../../os/index.ts";
import type { EtcdBinary } from "../binary/index.ts";
import { ClientRegistry, createEtcdctl, memberStatus, writeBinDir, type Etcdctl } from "../clients/index.ts";
import { ManagedMember, type Member } from "../member/index.ts";
import { addMember, removeMember } from "./membership.ts";
import { runnerFlags, type ClusterParts } from "./parts.ts";
import { clusterEnv, describeForKeep, failureSnapshot, memberRuns } from "./report.ts";
import { teardownCluster, type TeardownOptions, type TeardownReport } from "./teardown.ts";
import type { AddMemberOptions, Cluster } from "./types.ts";

/** How often the initial start is retried when a port was taken between choosing and binding it. */
const PORT_RETRIES = 3;

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
}

const safeLabel = (label: string) => label.replace(/[^\w.-]+/g, "_").replace(/^[._]+/, "").slice(-80) || "cluster";

export async function createCluster(options: CreateClusterOptions): Promise<ManagedCluster> {
  const shape = clusterShapeSchema.parse(options.shape);
  const dir = await mkdtemp(path.join(options.runDir, `${safeLabel(options.label)}-`));
  const cluster = new ManagedCluster(options.binary, shape, dir, options.label, options.binaries ?? {});
  for (let i = 0; i < shape.members; i++) await cluster.createMember(shape.member[`m${i}`] ?? {});
  cluster.bootstrapFlags();
  return cluster;
}

export class ManagedCluster implements Cluster, ClusterParts, AsyncDisposable {
  readonly members: ManagedMember[] = [];
  readonly clients = new ClientRegistry();
  readonly etcdctl: Etcdctl;
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

  constructor(binary: EtcdBinary, shape: ClusterShape, dir: string, label: string, others: Readonly<Record<string, EtcdBinary>>) {
    this.binary = binary;
    this.others = others;
    this.shape = shape;
    this.dir = dir;
    this.label = label;
    this.binDir = writeBinDir(path.join(dir, "bin"), binary);
    this.etcdctl = createEtcdctl({ etcdctl: binary.etcdctl, endpoints: () => this.endpoints });
  }

  async createMember(memberFlags: EtcdFlags): Promise<ManagedMember> {
    const name = `m${this.members.length}`;
    const [clientPort, peerPort] = await freePorts(2);
    const member = new ManagedMember({
      name,
      binary: this.binary,
      binaryFor: (series) => this.binaryFor(series),
      dir: path.join(this.dir, name),
      clientPort: clientPort!,
      peerPort: peerPort!,
      clusterFlags: this.shape.flags,
      memberFlags,
      fastElection: this.shape.fastElection,
      clients: this.clients,
    });
    this.members.push(member);
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
    if (series === this.binary.version.series || series === this.binary.version.version) return this.binary;
    const found = this.others[series] ?? Object.values(this.others).find((b) => b.version.version === series);
    if (found) return found;
    const listed = Object.keys(this.others);
    throw new PlaybookError("ETCD_NOT_FOUND", `no etcd ${series} for this playbook: it runs ${this.binary.version.version}${listed.length ? ` and ${listed.join(", ")}` : ""}`, {
      hint: `List the series in the frontmatter, e.g. cluster: { members: 3, versions: ["${series}"] }; the runner provides it before the first step.`,
    });
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
  async start(options: { timeout?: Duration } = {}): Promise<void> {
    const initial = this.members.slice(0, this.shape.members);
    for (let attempt = 1; ; attempt++) {
      const starts = initial.map((m) => m.start({ wait: "ready", ...(options.timeout ? { timeout: options.timeout } : {}) }));
      for (const s of starts) s.catch(() => undefined); // each is awaited below; no unhandled rejection meanwhile
      try {
        await Promise.all(starts);
        return;
      } catch (error) {
        // The first failure wins at once: a member that cannot start must not make the caller wait
        // out the others' time limit. Those still starting are the teardown's to stop.
        const portTaken = error instanceof EtcdStartError && error.failure === "port-in-use";
        if (!portTaken || attempt >= PORT_RETRIES) throw error;
      }
      // Another process took a port between our probe and etcd's bind. Every member's
      // --initial-cluster names every peer port, so all restart with fresh ports and data.
      await Promise.allSettled(initial.map((m) => m.stop({ timeout: 1_000 })));
      await Promise.allSettled(starts);
      for (const m of initial) {
        const [c, p] = await freePorts(2);
        await m.wipe();
        releasePorts(m.ports);
        m.setPorts(c!, p!);
      }
      this.bootstrapFlags();
    }
  }

  async leader(options: { timeout?: Duration } = {}): Promise<ManagedMember> {
    const limit = limitMs(options.timeout, 5_000);
    const deadline = performance.now() + limit;
    let seen = "";
    for (;;) {
      const alive = this.members.filter((m) => m.alive && m.state !== "paused" && !m.removed);
      const statuses = await Promise.all(alive.map(async (m) => ({ m, s: await memberStatus(m.clientUrl, 500) })));
      const byId = new Map<string, ManagedMember>();
      for (const { m, s } of statuses) if (s.ok) byId.set(s.value.memberId, m);
      for (const { s } of statuses) {
        const leader = s.ok && s.value.leader !== "0" ? byId.get(s.value.leader) : undefined;
        if (leader) return leader;
      }
      seen = statuses.map(({ m, s }) => `${m.name}: ${s.ok ? `leader ${s.value.leader === "0" ? "none" : s.value.leader}` : s.error}`).join("; ");
      if (performance.now() >= deadline) {
        throw new PlaybookError("MEMBER_STATE", `no running member reports a leader within ${limit / 1000} s (${seen || "no member running"})`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
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

  client(options: { members?: Array<Member | string | number>; timeout?: Duration } = {}): Etcd3 {
    const hosts = options.members ? options.members.map((m) => this.member(m).clientUrl) : this.endpoints;
    if (hosts.length === 0) throw new PlaybookError("MEMBER_STATE", "no member is running to connect a client to");
    const timeoutMs = options.timeout === undefined ? undefined : parseDuration(options.timeout);
    return this.clients.create({ hosts, ...(timeoutMs ? { timeoutMs } : {}) });
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
