// An operator's own cluster (--endpoints): we did not start it, so we cannot stop, restart or
// wipe its members (NOT_MANAGED), and we must not change it: its client and etcdctl are
// read-only (READ_ONLY), whatever a step does.
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { Etcd3 } from "etcd3";
import { limitMs, parseDuration, type Duration } from "../../../schema/duration.ts";
import { PlaybookError } from "../../errors/index.ts";
import { within } from "../../os/index.ts";
import type { EtcdBinary } from "../binary/index.ts";
import { ClientRegistry, createClient, createEtcdctl, etcdctlEnv, readOnlyClient, writeBinDir, type ClientOptions, type Etcdctl } from "../clients/index.ts";
import { SNAPSHOT_BOUNDS, type Cluster, type TeardownReport } from "../cluster/index.ts";
import type { ClusterTls } from "../faults/index.ts";
import type { Member } from "../member/index.ts";
import { newRunDir } from "../runs/index.ts";
import { ExternalMember, type EndpointOwner } from "./member.ts";

export interface ConnectOptions {
  endpoints: string[];
  tls?: { ca?: string; cert?: string; key?: string };
  user?: string;
  password?: string;
  /** Local binaries for etcdctl; without them etcdctl calls throw ETCD_NOT_FOUND. */
  binary?: Pick<EtcdBinary, "etcd" | "etcdctl"> & { etcdutl?: string };
  /** Bound on the reachability check; default 3 s. */
  timeoutMs?: number;
}

function checkTlsFiles(tls: ConnectOptions["tls"]): void {
  for (const [flag, file] of Object.entries(tls ?? {})) {
    if (file && !existsSync(file)) {
      throw new PlaybookError("TLS_FILE_MISSING", `the TLS ${flag} file ${file} does not exist`, { hint: `Check the path given with --${flag === "ca" ? "cacert" : flag}.` });
    }
  }
}

/** grpc-js's words without its noise: an empty trailing "Resolution note: " and a doubled "Error: ". */
function grpcMessage(message: string): string {
  return message.replace(/ Resolution note: *$/, "").replace("Last error: Error: ", "Last error: ");
}

/** Status of one endpoint through an etcd3 client (TLS and auth aware), bounded. */
async function status(base: ClientOptions, endpoint: string, timeoutMs: number): Promise<{ ok: true; memberId: string; leader: string } | { ok: false; error: string }> {
  const client = createClient({ ...base, hosts: [endpoint], timeoutMs });
  try {
    const s = await within(client.maintenance.status(), timeoutMs + 500);
    if (!s) return { ok: false, error: `no answer within ${timeoutMs} ms` };
    return { ok: true, memberId: s.header.member_id, leader: s.leader };
  } catch (error) {
    return { ok: false, error: grpcMessage((error as Error).message) };
  } finally {
    client.close();
  }
}

export async function connectEndpoints(options: ConnectOptions): Promise<ExternalCluster> {
  if (options.endpoints.length === 0) throw new PlaybookError("ENDPOINT_UNREACHABLE", "no endpoint given", { hint: "Give --endpoints http://host:2379[,…]." });
  checkTlsFiles(options.tls);
  const base: ClientOptions = { hosts: options.endpoints, ...(options.tls ? { tls: options.tls } : {}), ...(options.user ? { user: options.user, password: options.password ?? "" } : {}) };
  const limit = options.timeoutMs ?? 3_000;
  const answers = await Promise.all(options.endpoints.map((e) => status(base, e, limit)));
  if (!answers.some((a) => a.ok)) {
    throw new PlaybookError("ENDPOINT_UNREACHABLE", `none of the endpoints answered within ${limit / 1000} s: ${options.endpoints.join(", ")}`, {
      details: options.endpoints.map((e, i) => `${e}: ${(answers[i] as { error: string }).error}`).join("\n"),
      hint: "Check the URLs (scheme http/https, port), that the cluster runs, and the TLS files and credentials.",
    });
  }
  // In a run dir of its own, so that a runner that dies leaves nothing reapLeftovers() misses.
  const binDir = options.binary ? writeBinDir(path.join(await newRunDir(), "bin"), options.binary, true) : undefined;
  return new ExternalCluster(options, base, binDir);
}

export class ExternalCluster implements Cluster, EndpointOwner, AsyncDisposable {
  readonly members: ExternalMember[];
  readonly etcdctl: Etcdctl;
  readonly clients = new ClientRegistry();
  private readonly options: ConnectOptions;
  private readonly base: ClientOptions;
  private readonly binDir: string | undefined;

  constructor(options: ConnectOptions, base: ClientOptions, binDir: string | undefined) {
    this.options = options;
    this.base = base;
    this.binDir = binDir;
    this.etcdctl = this.makeEtcdctl(() => this.endpoints);
    this.members = options.endpoints.map((e, i) => new ExternalMember(`e${i}`, e, this));
  }

  /** Internal: a read-only etcdctl against `endpoints`. */
  makeEtcdctl(endpoints: () => string[]): Etcdctl {
    const etcdctl = this.options.binary?.etcdctl;
    if (!etcdctl) {
      const missing = (() => Promise.reject(new PlaybookError("ETCD_NOT_FOUND", "no local etcdctl to run against --endpoints", { hint: "Set ETCD_BIN (etcdctl beside it) or let the runner provision etcd." }))) as unknown as Etcdctl;
      missing.with = () => missing;
      return missing;
    }
    return createEtcdctl({ etcdctl, endpoints, env: this.tlsEnv(), readOnly: true });
  }

  private tlsEnv(): Record<string, string> {
    const { tls, user, password } = this.options;
    return {
      ...(tls?.ca ? { ETCDCTL_CACERT: tls.ca } : {}),
      ...(tls?.cert ? { ETCDCTL_CERT: tls.cert } : {}),
      ...(tls?.key ? { ETCDCTL_KEY: tls.key } : {}),
      ...(user ? { ETCDCTL_USER: password === undefined ? user : `${user}:${password}` } : {}),
    };
  }

  notManaged(action: string): PlaybookError {
    return new PlaybookError("NOT_MANAGED", `cannot ${action}: the cluster at ${this.endpoints.join(",")} was not started by the runner`, {
      hint: "Steps that change members run only against members the runner starts; mark the playbook `destructive: true`.",
    });
  }

  member(which: number | string): ExternalMember {
    const found = typeof which === "number" ? this.members[which] : this.members.find((m) => m.name === which || m.clientUrl === which);
    if (!found) throw new PlaybookError("MEMBER_STATE", `no endpoint ${JSON.stringify(which)} (endpoints: ${this.endpoints.join(", ")})`);
    return found;
  }

  get endpoints(): string[] {
    return [...this.options.endpoints];
  }

  get initialCluster(): string {
    throw this.notManaged("know the --initial-cluster of");
  }

  async leader(options: { timeout?: Duration } = {}): Promise<ExternalMember> {
    const limit = limitMs(options.timeout, 5_000);
    const answers = await Promise.all(this.members.map(async (m) => ({ m, s: await status(this.base, m.clientUrl, limit) })));
    for (const { s } of answers) {
      if (!s.ok || s.leader === "0") continue;
      const leader = answers.find((a) => a.s.ok && a.s.memberId === s.leader);
      if (leader) return leader.m;
      throw new PlaybookError("MEMBER_STATE", `the leader (member ${BigInt(s.leader).toString(16)}) is not among the endpoints given: ${this.endpoints.join(", ")}`);
    }
    throw new PlaybookError("MEMBER_STATE", `no endpoint reports a leader: ${answers.map(({ m, s }) => `${m.clientUrl}: ${s.ok ? "no leader" : s.error}`).join("; ")}`);
  }

  async waitReady(options: { timeout?: Duration } = {}): Promise<void> {
    await Promise.all(this.members.map((m) => m.waitReady(options)));
  }

  /** Internal: whether one endpoint answers a status call within `timeoutMs`. */
  status(endpoint: string, timeoutMs: number): ReturnType<typeof status> {
    return status(this.base, endpoint, timeoutMs);
  }

  add(): Promise<Member> {
    return Promise.reject(this.notManaged("add a member to"));
  }

  remove(_member?: Member | string | number): Promise<void> {
    return Promise.reject(this.notManaged("remove a member from"));
  }

  client(options: { members?: Array<Member | string | number>; timeout?: Duration } = {}): Etcd3 {
    const hosts = options.members ? options.members.map((m) => (typeof m === "object" ? m.clientUrl : this.member(m).clientUrl)) : this.endpoints;
    const timeoutMs = options.timeout === undefined ? undefined : parseDuration(options.timeout);
    return readOnlyClient(this.clients.create({ ...this.base, hosts, ...(timeoutMs ? { timeoutMs } : {}) }), hosts);
  }

  stop(): Promise<void> {
    return Promise.reject(this.notManaged("stop the members of"));
  }

  isolate(): void {
    throw this.notManaged("isolate a member of");
  }

  partition(): void {
    throw this.notManaged("partition");
  }

  heal(): void {
    throw this.notManaged("heal the network of");
  }

  /** Faults are for members the runner starts; TLS material too (nothing here serves it). */
  readonly tls: ClusterTls = {
    ca: () => Promise.reject(this.notManaged("make TLS material for")),
    authority: () => Promise.reject(this.notManaged("make TLS material for")),
    client: () => Promise.reject(this.notManaged("make TLS material for")),
  };

  memberRuns(): { name: string; args: string[] }[] {
    return [];
  }

  env(): Record<string, string> {
    return {
      ...(this.binDir ? { PATH: [this.binDir, process.env.PATH].filter(Boolean).join(path.delimiter) } : {}),
      ...etcdctlEnv(this.endpoints, this.tlsEnv()),
      ENDPOINTS: this.endpoints.join(","),
    };
  }

  async snapshot(): Promise<string> {
    const run = this.etcdctl.with({ timeout: 3_000 });
    const queries = [["member", "list", "-w", "table"], ["endpoint", "status", "-w", "table"], ["alarm", "list"]];
    const results = await Promise.all(queries.map((q) => run(...SNAPSHOT_BOUNDS, ...q).catch((e: Error) => ({ code: null, signal: null, output: e.message }))));
    return [`user's cluster at ${this.endpoints.join(",")} (not managed by the runner)`, ...queries.flatMap((q, i) => [`$ etcdctl ${q.join(" ")}`, (results[i]!.output.trim() || "(no output)").replace(/^/gm, "    ")])].join("\n");
  }

  describeForKeep(): string {
    return `user's cluster at ${this.endpoints.join(",")} (the runner started nothing here)`;
  }

  /** Closes the clients and removes the bin dir; the user's members are not touched. */
  async teardown(_options?: { keep?: boolean }): Promise<TeardownReport> {
    const started = performance.now();
    const errors = this.clients.closeAll();
    if (this.binDir) await rm(path.dirname(this.binDir), { recursive: true, force: true }).catch((e: Error) => errors.push(`removing ${this.binDir}: ${e.message}`));
    return { errors, durationMs: Math.round(performance.now() - started) };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.teardown();
  }
}
