// What a cluster tells the runner and the reader: command lines, sh steps' environment, the
// failure snapshot, and the --keep description.
import path from "node:path";
import { COMMAND_TIMEOUT, DIAL_TIMEOUT, endpointsValue } from "../clients/index.ts";
import type { ClusterParts } from "./parts.ts";

/** The members' real command lines, binary shown as `etcd`. */
export function memberRuns(cluster: ClusterParts): { name: string; args: string[]; versions: string[] }[] {
  return cluster.members.map((m) => ({ name: m.name, args: ["etcd", ...m.args.slice(1)], versions: [...m.launch.versions] }));
}

/** Environment for sh steps: the bin dir first on PATH, etcdctl aimed at the cluster, and M<i>_* per member. */
export function clusterEnv(cluster: ClusterParts): Record<string, string> {
  const endpoints = endpointsValue(cluster.endpoints);
  const env: Record<string, string> = {
    PATH: [cluster.binDir, process.env.PATH].filter(Boolean).join(path.delimiter),
    ETCDCTL_ENDPOINTS: endpoints,
    ETCDCTL_DIAL_TIMEOUT: DIAL_TIMEOUT,
    ETCDCTL_COMMAND_TIMEOUT: COMMAND_TIMEOUT,
    ENDPOINTS: endpoints,
    // Not ETCD_VERSION: etcd reads every ETCD_* as a flag, and 3.4 refuses to start on that one
    // ("invalid value \"3.4.23\" for ETCD_VERSION: parse error"), measured by hand on 3.4.23.
    PLAYBOOK_ETCD_VERSION: cluster.binary.version.version,
    // With TLS: the CA and client certificate etcdctl (and curl --cacert/--cert/--key) use.
    ...cluster.tlsEnv(),
  };
  for (const m of cluster.members) {
    const key = m.name.toUpperCase();
    env[`${key}_URL`] = m.clientUrl;
    env[`${key}_PEER`] = m.peerUrl;
    env[`${key}_DIR`] = m.dataDir;
    if (m.pid !== undefined) env[`${key}_PID`] = String(m.pid);
  }
  return env;
}

/** Each snapshot query's bounds: a cluster that does not answer must not hold up the report. */
export const SNAPSHOT_BOUNDS = ["--dial-timeout=1s", "--command-timeout=2s"];

function indent(text: string): string {
  return text.replace(/^/gm, "    ");
}

/**
 * Members' states and log tails, then what the cluster answers to `member list`, `endpoint
 * status` and `alarm list`, each bounded to ~2 s and run together so the whole stays short.
 */
export async function failureSnapshot(cluster: ClusterParts): Promise<string> {
  const parts: string[] = [];
  for (const m of cluster.members) {
    const exit = m.exit ? `, last exit ${m.exit.signal ?? `code ${m.exit.code}`}` : "";
    parts.push(`${m.name} ${m.state}${m.pid ? ` pid ${m.pid}` : ""}${m.removed ? " (removed)" : ""}${exit} ${m.clientUrl} data ${m.dataDir}`);
    const tail = m.log.tail(15);
    if (tail) parts.push(indent(tail));
  }
  const endpoints = cluster.endpoints;
  if (endpoints.length === 0) {
    parts.push("(no member running: no cluster queries)");
    return parts.join("\n");
  }
  const run = cluster.etcdctl.with({ timeout: 3_000 });
  const queries = [
    ["member", "list", "-w", "table"],
    ["endpoint", "status", "-w", "table"],
    ["alarm", "list"],
  ];
  // Flags, not ETCDCTL_COMMAND_TIMEOUT: `member list` and `alarm list` ignore that variable (etcdctl.ts).
  const results = await Promise.all(queries.map((q) => run(...SNAPSHOT_BOUNDS, ...q)));
  queries.forEach((q, i) => {
    const r = results[i]!;
    parts.push(`$ etcdctl ${q.join(" ")}${r.code === 0 ? "" : `  (exit ${r.code ?? r.signal})`}`);
    parts.push(indent(r.output.trim() || "(no output)"));
  });
  return parts.join("\n");
}

export function describeForKeep(cluster: ClusterParts): string {
  const lines = cluster.members.map((m) => `  ${m.name}  ${m.state.padEnd(8)} ${m.pid ? `pid ${m.pid}  ` : ""}${m.clientUrl}  data ${m.dataDir}`);
  return [
    `etcd ${cluster.binary.version.version} cluster (${cluster.dir}):`,
    ...lines,
    `  export PATH=${cluster.binDir}:$PATH ETCDCTL_ENDPOINTS=${cluster.endpoints.join(",")}`,
  ].join("\n");
}
