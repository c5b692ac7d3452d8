// Raw HTTP calls to etcd's JSON gateway (/v3/…), used for readiness and leader lookups. Measured
// against an etcd3 client probe when the layer was written (bench/runner compares readiness with a
// minimal script): as fast or faster, with no gRPC channel to warm up or close, and one request
// per attempt with its own short bound.
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";

export type ProbeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Files a probe presents to an https:// member: the CA to trust, and a client certificate. */
export interface ProbeTls {
  ca: string;
  cert?: string;
  key?: string;
}

function tlsOptions(tls: ProbeTls | undefined): https.RequestOptions {
  if (!tls) return {};
  // An IP is not a valid TLS server name (Node warns, DEP0123): the certificate's IP SAN is checked anyway.
  return { ca: readFileSync(tls.ca), ...(tls.cert ? { cert: readFileSync(tls.cert) } : {}), ...(tls.key ? { key: readFileSync(tls.key) } : {}), servername: "" };
}

/** POSTs JSON to `<clientUrl><path>`; never throws. `timeoutMs` bounds the whole exchange. */
export function postJson<T>(clientUrl: string, path: string, body: unknown, timeoutMs: number, tls?: ProbeTls): Promise<ProbeResult<T>> {
  return new Promise((resolve) => {
    const url = new URL(path, clientUrl);
    const request = url.protocol === "https:" ? https.request : http.request;
    let options: https.RequestOptions;
    try {
      options = { method: "POST", agent: false, headers: { "content-type": "application/json" }, ...tlsOptions(tls) };
    } catch (error) {
      return resolve({ ok: false, error: (error as Error).message });
    }
    const req = request(url, options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => {
        clearTimeout(timer);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return resolve({ ok: false, error: `HTTP ${res.statusCode}: ${text.slice(0, 200)}` });
        }
        if (res.statusCode !== 200) {
          const message = (json as { message?: string; error?: string }).message ?? (json as { error?: string }).error ?? text;
          return resolve({ ok: false, error: String(message) });
        }
        resolve({ ok: true, value: json as T });
      });
      res.on("error", (e) => resolve({ ok: false, error: e.message }));
    });
    // An accepted connection that etcd does not serve yet is answered the moment it starts
    // serving, so one longer request beats many short ones; the timer only bounds a hang.
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ ok: false, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on("error", (e) => {
      clearTimeout(timer);
      resolve({ ok: false, error: (e as NodeJS.ErrnoException).code ?? e.message });
    });
    req.end(JSON.stringify(body));
  });
}

/** A linearizable read of one key: succeeds only when the member has a leader and is caught up. */
export function linearizableRead(clientUrl: string, timeoutMs: number, tls?: ProbeTls): Promise<ProbeResult<unknown>> {
  return postJson(clientUrl, "/v3/kv/range", { key: Buffer.from("\0").toString("base64"), count_only: true }, timeoutMs, tls);
}

/** A serializable read (answered locally; what a learner can serve). */
export function serializableRead(clientUrl: string, timeoutMs: number, tls?: ProbeTls): Promise<ProbeResult<unknown>> {
  return postJson(clientUrl, "/v3/kv/range", { key: Buffer.from("\0").toString("base64"), count_only: true, serializable: true }, timeoutMs, tls);
}

export interface MemberStatus {
  /** Decimal member ID, as the gateway prints uint64. */
  memberId: string;
  /** Decimal ID of the leader this member knows; "0" for none. */
  leader: string;
  raftTerm: string;
  isLearner: boolean;
  version: string;
}

export async function memberStatus(clientUrl: string, timeoutMs: number, tls?: ProbeTls): Promise<ProbeResult<MemberStatus>> {
  const r = await postJson<{ header?: { member_id?: string }; leader?: string; raftTerm?: string; isLearner?: boolean; version?: string }>(clientUrl, "/v3/maintenance/status", {}, timeoutMs, tls);
  if (!r.ok) return r;
  const v = r.value;
  return { ok: true, value: { memberId: v.header?.member_id ?? "0", leader: v.leader ?? "0", raftTerm: v.raftTerm ?? "0", isLearner: v.isLearner === true, version: v.version ?? "" } };
}
