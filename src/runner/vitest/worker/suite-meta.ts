// What the results file records about a playbook before it runs: its file, the etcd it runs on,
// its symptoms, steps and what is scoped to some versions. Reporters read it from the suite's meta.
import type { PlaybookModuleMeta } from "../../playbooks/index.ts";
import type { PlaybookMeta } from "../meta.ts";
import type { WorkerSettings } from "../settings.ts";
import { symptomsOf } from "./symptoms-check.ts";

export function playbookMetaOf(meta: PlaybookModuleMeta, settings: WorkerSettings): PlaybookMeta {
  return {
    file: meta.file,
    etcdVersion: settings.etcd?.version.version ?? "unknown",
    series: settings.series,
    target: settings.target ? "endpoints" : "managed",
    members: [],
    ...(settings.etcd ? { provenance: settings.etcd.provenance } : {}),
    symptoms: symptomsOf(meta, settings.etcd?.version.version).map((sy) => sy.text),
    steps: meta.steps.map(({ index, name, line, lang }) => ({ index, name, line, lang })),
    scoped: meta.steps.flatMap((st) => [
      ...(st.etcd ? [{ line: st.line, what: `step "${st.name}"`, etcd: st.etcd }] : []),
      ...st.outputs.flatMap((o) => (o.etcd ? [{ line: o.line, what: `output block of step "${st.name}"`, etcd: o.etcd }] : [])),
    ]),
  };
}
