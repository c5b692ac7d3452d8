// The one place that constructs etcd3 clients, so that every client fails fast and is closed at
// teardown. etcd3 1.1.2 (node_modules/etcd3/lib) is no longer maintained; its quirks, as met here:
//
// - `dialTimeout` is declared in IOptions but never read: nothing bounds a connect except a call
//   deadline, so every unary call gets one through `defaultCallOptions` (streams get none, or a
//   watch would end after it).
// - Default fault handling retries 3× through a per-host circuit breaker that, after 3 failures,
//   refuses a host for 5 s — a member that was killed and restarted stays unusable for 5 s (and
//   ResourceExhausted, etcd's NOSPACE, counts as a failure too). We pass our own policies (etcd3
//   only ever calls `.execute(fn)` on them, connection-pool.js): no breaker, and a global retry
//   that moves to the next host at once, at most once per host, and only when the call never
//   reached a member ("No connection established"). etcd3's default also retries deadlines and
//   dropped connections, which can apply a put or txn twice; a step should see those errors.
// - A call that reached a host and failed is not tried on another host by `withConnection`; only
//   the global policy moves on. With one host per client (member.client()) a dead member fails
//   the call immediately with GRPCUnavailableError ("No connection established").
// - Watch streams reconnect with `watchBackoff` (default exponential up to 30 s); ours is a
//   constant 100 ms so a watch resumes soon after a member comes back.
// - Several generated RPC calls want an explicit request object even when empty:
//   `cluster.memberList({})`, `maintenance.alarm({ action: "Get" })` (or `0`); `maintenance.status()`
//   takes none. Alarm actions are the enum's member names or numbers.
// - Hosts must all be http:// or all https://; a mix throws at construction. A host without a
//   scheme uses TLS when `credentials` are given; https:// without them trusts only system CAs.
// - Lease IDs are decimal strings ("4082691245170177798"); etcdctl prints and takes hex:
//   `BigInt(id).toString(16)`.
// - A watch from a compacted revision ends with `EtcdError: Watcher canceled: ` — an empty reason,
//   and etcd's compact_revision is dropped (etcdctl says "required revision has been compacted").
// - EtcdLeaseInvalidError's message puts the gRPC text where the lease ID belongs:
//   `Lease 5 NOT_FOUND: etcdserver: requested lease not found is expired or revoked`.
// - TLS to 127.0.0.1 prints Node's DEP0123 warning (an IP as TLS ServerName) once per client.
// - Against a SIGSTOPped member, or one whose port is bound but not served yet, grpc-js reports
//   `4 DEADLINE_EXCEEDED: Deadline exceeded after …,Waiting for LB pick`: the TCP connect succeeds
//   in the kernel's backlog, the HTTP/2 handshake never completes.
import { Etcd3, GRPCUnavailableError, type IOptions } from "etcd3";
import { readFileSync } from "node:fs";

/** Unary call deadline when the caller gives none. */
export const DEFAULT_CALL_TIMEOUT_MS = 5_000;

type Policy = NonNullable<NonNullable<IOptions["faultHandling"]>["global"]>;
type Backoff = NonNullable<NonNullable<IOptions["faultHandling"]>["watchBackoff"]>;

/** The call failed before any member saw it: safe to send to the next host, even a write. */
function neverSent(error: unknown): boolean {
  return error instanceof GRPCUnavailableError && /No connection established/.test(error.message);
}

function policy(attempts: number): Policy {
  const context = { signal: new AbortController().signal, attempt: 0 };
  return {
    async execute(fn: (ctx: typeof context) => unknown) {
      let last: unknown;
      for (let i = 0; i < attempts; i++) {
        try {
          return await fn({ ...context, attempt: i });
        } catch (error) {
          if (!neverSent(error)) throw error;
          last = error;
        }
      }
      throw last;
    },
  } as unknown as Policy;
}

const constantBackoff = (ms: number): Backoff => {
  const b = { duration: ms, next: () => b };
  return b as unknown as Backoff;
};

export interface ClientOptions {
  hosts: string[];
  /** Unary call deadline, default 5 s. */
  timeoutMs?: number;
  tls?: { ca?: string; cert?: string; key?: string };
  user?: string;
  password?: string;
}

export function createClient(options: ClientOptions): Etcd3 {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const { tls } = options;
  return new Etcd3({
    hosts: options.hosts,
    ...(tls?.ca || tls?.cert
      ? {
          credentials: {
            rootCertificate: tls.ca ? readFileSync(tls.ca) : (undefined as unknown as Buffer),
            ...(tls.key ? { privateKey: readFileSync(tls.key) } : {}),
            ...(tls.cert ? { certChain: readFileSync(tls.cert) } : {}),
          },
        }
      : {}),
    ...(options.user ? { auth: { username: options.user, password: options.password ?? "" } } : {}),
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + timeoutMs }),
    faultHandling: { host: () => policy(1), global: policy(Math.max(1, options.hosts.length)), watchBackoff: constantBackoff(100) },
    // gRPC's own reconnect backoff starts at 1 s and grows to 120 s; a restarted member should be
    // reachable again within a heartbeat or two.
    grpcOptions: { "grpc.initial_reconnect_backoff_ms": 50, "grpc.max_reconnect_backoff_ms": 1000 },
  });
}

/** Clients made for a cluster, closed together at teardown (in reverse order of creation). */
export class ClientRegistry {
  private readonly clients: Etcd3[] = [];

  add(client: Etcd3): Etcd3 {
    this.clients.push(client);
    return client;
  }

  create(options: ClientOptions): Etcd3 {
    return this.add(createClient(options));
  }

  /** Closes every client; returns one message per failure. */
  closeAll(): string[] {
    const errors: string[] = [];
    for (const client of this.clients.splice(0).reverse()) {
      try {
        client.close();
      } catch (error) {
        errors.push(`closing an etcd3 client: ${(error as Error).message}`);
      }
    }
    return errors;
  }
}
