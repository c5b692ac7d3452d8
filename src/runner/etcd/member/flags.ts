// etcd command lines from flag layers. A layer maps a flag name (no dashes) to a value:
// `true` → `--flag`, string or number → `--flag=value`, `false`/`null` → the flag is dropped,
// even one the runner sets itself. Later layers win, and a flag keeps the place it first had.
import type { EtcdFlags } from "../../../schema/frontmatter.ts";

export function mergeFlags(...layers: Array<EtcdFlags | undefined>): EtcdFlags {
  const merged: EtcdFlags = {};
  for (const layer of layers) if (layer) for (const [name, value] of Object.entries(layer)) merged[name] = value;
  return merged;
}

export function renderFlags(flags: EtcdFlags): string[] {
  const args: string[] = [];
  for (const [name, value] of Object.entries(flags)) {
    if (value === true) args.push(`--${name}`);
    else if (typeof value === "string" || typeof value === "number") args.push(`--${name}=${value}`);
  }
  return args;
}

/** The shortened election timer, unless the playbook set its own timing flags. */
export function fastElectionFlags(enabled: boolean, user: EtcdFlags): EtcdFlags {
  if (!enabled) return {};
  const out: EtcdFlags = {};
  // etcd requires election-timeout >= 5 × heartbeat; set both only when the user set neither.
  // 25/250 is etcd's own 1:10 ratio at a quarter of its defaults (100/1000): elections in a fraction of a
  // second, and an idle three-member cluster costs 0.10 of a core here, where 10/100 cost 0.16.
  if (!("heartbeat-interval" in user) && !("election-timeout" in user)) {
    out["heartbeat-interval"] = 25;
    out["election-timeout"] = 250;
  }
  return out;
}
