// Symptoms are promises: each one the frontmatter lists for this etcd version must appear in some
// step's output, or the playbook fails with SYMPTOM_NOT_SEEN at the symptom's line.
import semver from "semver";
import { PlaybookError } from "../../errors/index.ts";
import { firstSeen, type PlaybookModuleMeta } from "../../playbooks/index.ts";

/** The frontmatter's symptoms that `version` prints, with their lines. */
export function symptomsOf(meta: PlaybookModuleMeta, version: string | undefined): { text: string; line: number }[] {
  return meta.frontmatter.symptoms
    .map((s, i) => ({ ...s, line: meta.symptomLines[i] ?? 1 }))
    .filter((s) => !s.etcd || (version !== undefined && semver.satisfies(version, s.etcd)));
}

/** The error naming the first symptom no step printed (and the others in its details), if any. */
export function unseenSymptoms(meta: PlaybookModuleMeta, outputs: string[], version: string | undefined): PlaybookError | undefined {
  const printed = meta.steps.map((st, i) => ({ name: st.name, output: outputs[i]! }));
  const unseen = symptomsOf(meta, version).filter((s) => firstSeen(s.text, printed) === undefined);
  if (unseen.length === 0) return undefined;
  return new PlaybookError("SYMPTOM_NOT_SEEN", `symptom ${JSON.stringify(unseen[0]!.text)} never appeared in any step's output`, {
    file: meta.file,
    line: unseen[0]!.line,
    hint: "A symptom is a promise: make a step print it (log the real line), or fix the text to what etcd prints.",
    details: unseen.length > 1 ? unseen.map((u) => `${meta.file}:${u.line} also not seen: ${JSON.stringify(u.text)}`).join("\n") : undefined,
  });
}
