// One etcd member the runner starts: its binary and flags (./launch.ts), URLs (./urls.ts), log,
// data dir and faults (./faults.ts), on top of the process state machine of ./lifecycle.ts.
// Everything a member owns (process, log file) ends in dispose().
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Etcd3 } from "etcd3";
import { limitMs, type Duration } from "../../../schema/duration.ts";
import type { EtcdFlags } from "../../../schema/frontmatter.ts";
import { createEtcdctl, type ClientRegistry, type Etcdctl } from "../clients/index.ts";
import type { NetworkConditions, NetworkFaults, StallOptions } from "../faults/index.ts";
import { HELPER_MARK } from "../runs/index.ts";
import { damageDataDir, wipeDataDir } from "./files.ts";
import { Launch, type LaunchInit } from "./launch.ts";
import { LogBuffer } from "./log.ts";
import { MemberFaults, type ClientTls } from "./faults.ts";
import { MemberUrls } from "./urls.ts";
import { MemberProcess } from "./lifecycle.ts";
import { waitStarted } from "./start.ts";
import type { Member, RestartOptions, StartOptions, WaitForLogOptions } from "./types.ts";
import { waitForLogLine } from "./wait.ts";

export interface MemberInit extends LaunchInit {
  name: string;
  /** The member's own dir: data dir and member.log live in it. */
  dir: string;
  clientPort: number;
  peerPort: number;
  clients: ClientRegistry;
  /** Ports the member advertises, when the runner's proxies stand in front of its own (cluster.network). */
  advertise?: { peer?: number; client?: number };
  /** The cluster's network faults, when its traffic passes the proxies. */
  network?: NetworkFaults;
  /** strace for disk faults; default Debian's, installed when missing (faults/disk.ts). */
  strace?: string;
}

export class ManagedMember extends MemberProcess implements Member, AsyncDisposable {
  readonly name: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly log: LogBuffer;
  readonly etcdctl: Etcdctl;
  /** Registered as a learner (`member add --learner`). */
  learner = false;
  /** Removed from the cluster with `member remove`: no longer counted in endpoints. */
  removed = false;
  /** Its binary and flags: what the next start runs. */
  readonly launch: Launch;
  readonly faults: MemberFaults;
  readonly urls: MemberUrls;
  private readonly init: MemberInit;

  constructor(init: MemberInit) {
    super();
    this.init = init;
    this.launch = new Launch(init);
    this.urls = new MemberUrls([init.clientPort, init.peerPort], init.advertise, () => this.launch.tls);
    this.launch.urlFlags = () => this.urls.flags();
    this.faults = new MemberFaults(init.network, { peer: init.advertise?.peer !== undefined, client: init.advertise?.client !== undefined }, init.strace);
    this.name = init.name;
    this.dir = init.dir;
    this.dataDir = path.join(init.dir, "data");
    mkdirSync(this.dir, { recursive: true });
    this.log = new LogBuffer(path.join(this.dir, "member.log"));
    this.etcdctl = createEtcdctl({ etcdctl: init.binary.etcdctl, endpoints: () => [this.clientUrl], env: () => this.faults.tlsEnv() });
  }

  get clientUrl(): string {
    return this.urls.client;
  }
  get peerUrl(): string {
    return this.urls.peer;
  }
  /** Its own client and peer ports, reserved for it across processes (os/port-reservations.ts). */
  get ports(): [number, number] {
    return this.urls.ports;
  }
  get version(): string {
    return this.launch.version;
  }
  /** What probes and clients present when its client URL serves TLS. */
  get clientTls(): ClientTls | undefined {
    return this.faults.clientTls;
  }
  get faultable(): boolean {
    return this.run !== undefined && (this.state_ === "running" || this.state_ === "paused" || this.state_ === "starting");
  }

  /** New ports before the first start (the cluster retries on "address already in use"). */
  setPorts(clientPort: number, peerPort: number): void {
    if (this.run) throw this.stateError("change ports of");
    this.urls.ports = [clientPort, peerPort];
  }

  get args(): readonly string[] {
    return this.launch.args();
  }

  setFlags(flags: EtcdFlags): void {
    this.launch.setFlags(flags);
  }

  async start(options: StartOptions = {}): Promise<void> {
    if (this.run) throw this.stateError("start");
    this.faults.setDisk(this.launch, options.disk);
    await this.faults.setTls(this.launch, options.tls);
    this.launch.starting(options.version);
    const strace = await this.faults.prepareDisk(this);
    const args = [...this.args];
    this.log.markStart();
    this.log.note(`--- ${new Date().toISOString()} start: etcd ${this.version}: ${args.slice(1).join(" ")}`);
    this.state_ = "starting";
    const run = await this.spawn(this.launch.command(strace, this.dataDir), strace ? { [HELPER_MARK]: this.dir } : undefined);
    if (options.wait === "spawned") {
      if (!run.closed) this.state_ = "running";
      return;
    }
    await waitStarted({ member: this, run, wait: options.wait ?? "ready", timeoutMs: limitMs(options.timeout, 20_000), args });
    if (this.run === run && this.state_ === "starting") this.state_ = "running";
  }

  async restart(options: RestartOptions = {}): Promise<void> {
    // A series nobody provided or an impossible disk fault fails here, before the member is stopped.
    if (options.version) this.launch.use(options.version);
    this.faults.setDisk(this.launch, options.disk);
    if (this.run) await this.stop();
    if (options.flags) this.setFlags(options.flags);
    const { flags: _, disk: __, ...start } = options;
    await this.start(start);
  }

  async wipe(): Promise<void> {
    if (this.run) throw this.stateError("wipe");
    await wipeDataDir(this.dataDir);
  }

  async damage(part: "wal" | "snap" | "db"): Promise<string> {
    if (this.run) throw this.stateError(`damage the ${part} of`);
    return damageDataDir(this.dataDir, part);
  }

  async waitReady(options: { timeout?: Duration } = {}): Promise<void> {
    const run = this.run;
    if (!run) throw this.stateError("wait for readiness of");
    await waitStarted({ member: this, run, wait: "ready", timeoutMs: limitMs(options.timeout, 20_000), args: [...this.args], afterStart: true });
    if (this.run === run && this.state_ === "starting") this.state_ = "running";
  }

  waitForLog(pattern: string | RegExp, options: WaitForLogOptions = {}): Promise<string> {
    return waitForLogLine(this, pattern, limitMs(options.timeout, 10_000), options.from ?? "start");
  }

  client(): Etcd3 {
    const tls = this.faults.clientTls;
    return this.init.clients.create({ hosts: [this.clientUrl], ...(tls ? { tls } : {}) });
  }

  network(conditions: NetworkConditions): NetworkConditions {
    return this.faults.setNetwork(this, conditions);
  }

  stall(options: StallOptions | false): Promise<void> {
    return this.faults.stall(this, options);
  }

  /** Stops the process (if any) and closes the log file. */
  async dispose(options: { graceMs?: number } = {}): Promise<void> {
    try {
      await this.stop({ timeout: options.graceMs ?? 5_000 });
    } finally {
      await this.log.close();
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
