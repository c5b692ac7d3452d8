// Which binaries a member runs when a step asks for another series (`cluster.versions`).
import { PlaybookError } from "../../errors/index.ts";
import type { EtcdBinary } from "../binary/index.ts";

/** The binaries of `series`: the cluster's own, or one the frontmatter's `cluster.versions` lists; ETCD_NOT_FOUND otherwise. */
export function pickBinary(own: EtcdBinary, others: Readonly<Record<string, EtcdBinary>>, series: string): EtcdBinary {
  if (series === own.version.series || series === own.version.version) return own;
  const found = others[series] ?? Object.values(others).find((b) => b.version.version === series);
  if (found) return found;
  const listed = Object.keys(others);
  throw new PlaybookError("ETCD_NOT_FOUND", `no etcd ${series} for this playbook: it runs ${own.version.version}${listed.length ? ` and ${listed.join(", ")}` : ""}`, {
    hint: `List the series in the frontmatter, e.g. cluster: { members: 3, versions: ["${series}"] }; the runner provides it before the first step.`,
  });
}
