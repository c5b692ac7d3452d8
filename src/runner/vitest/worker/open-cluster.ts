// The cluster a playbook runs against: members the runner starts (the frontmatter's shape), or a
// user's cluster given with --endpoints (read-only). Both are RunnableClusters.
import path from "node:path";
import { connectEndpoints, createCluster, type Cluster, type Etcdctl } from "../../etcd/index.ts";
import { PlaybookError } from "../../errors/index.ts";
import type { PlaybookModuleMeta } from "../../playbooks/index.ts";
import type { WorkerSettings } from "../settings.ts";

/** What the runner needs of a cluster beyond what steps see: managed members or a user's endpoints. */
export interface RunnableCluster extends Cluster {
  /** etcdctl against every endpoint (read-only against --endpoints). */
  readonly etcdctl: Etcdctl;
  /** Failure snapshot: members' states and log tails, member list, endpoint status, alarms. */
  snapshot(): Promise<string>;
  /** The command lines the members ran with, binary shown as `etcd`, and the versions each ran. */
  memberRuns(): { name: string; args: string[]; versions?: string[] }[];
  /** Environment for sh steps. */
  env(): Record<string, string>;
  /** Stops and removes everything (keeping the member dirs in `keepDir` when `keep`); never throws. */
  teardown(options: { keep: boolean; keepDir?: string }): Promise<{ kept?: string; errors: string[] }>;
  /** Endpoints, data dirs, pids and an etcdctl environment line, for --keep. */
  describeForKeep(): string;
}

export async function openCluster(meta: PlaybookModuleMeta, settings: WorkerSettings): Promise<RunnableCluster> {
  if (settings.target) {
    return connectEndpoints({ ...settings.target, ...(settings.etcd ? { binary: settings.etcd } : {}) });
  }
  if (!settings.etcd) throw new PlaybookError("ETCD_NOT_FOUND", "no etcd binary for this run", { file: meta.file });
  const cluster = await createCluster({
    binary: settings.etcd,
    ...(settings.others ? { binaries: settings.others } : {}),
    shape: meta.frontmatter.cluster,
    runDir: settings.runDir,
    label: meta.file,
  });
  if (meta.frontmatter.cluster.members > 0) {
    try {
      await cluster.start();
    } catch (error) {
      // The members that did start must not outlive the failure; their logs are what the reader needs.
      const report = await cluster.teardown({ keep: true, keepDir: keptDir(settings, meta.file) });
      if (error instanceof Error && report.kept) error.message += `\n(data dirs and logs kept at ${report.kept})`;
      throw error;
    }
  }
  return cluster;
}

/** Where a failed playbook's member dirs and logs are kept: `.playbook-results/kept/<file>@<series>`. */
export function keptDir(settings: WorkerSettings, file: string): string {
  // One folder per series: a playbook failing on two series keeps both sets of logs.
  return path.join(settings.root, ".playbook-results", "kept", `${file.replace(/[^\w.-]+/g, "_")}@${settings.series}`);
}
