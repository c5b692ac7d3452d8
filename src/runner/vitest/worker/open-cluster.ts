// The cluster a playbook runs against: members the runner starts (the frontmatter's shape), or a
// user's cluster given with --endpoints (read-only).
import path from "node:path";
import * as etcdLayer from "../../etcd/index.ts";
import { PlaybookError } from "../../errors.ts";
import type { PlaybookModuleMeta } from "../../playbooks/codegen.ts";
import type { PlaybookSettings } from "../settings.ts";
import type { RunnableCluster } from "../../context/create.ts";

export async function openCluster(meta: PlaybookModuleMeta, settings: PlaybookSettings): Promise<RunnableCluster> {
  if (settings.target) {
    return etcdLayer.connectEndpoints({ ...settings.target, ...(settings.etcd ? { binary: settings.etcd } : {}) });
  }
  if (!settings.etcd) throw new PlaybookError("ETCD_NOT_FOUND", "no etcd binary for this run", { file: meta.file });
  const cluster = await etcdLayer.createCluster({
    binary: settings.etcd,
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
export function keptDir(settings: PlaybookSettings, file: string): string {
  // One folder per series: a playbook failing on 3.4 and 3.5 keeps both sets of logs.
  return path.join(settings.root, ".playbook-results", "kept", `${file.replace(/[^\w.-]+/g, "_")}@${settings.series}`);
}
