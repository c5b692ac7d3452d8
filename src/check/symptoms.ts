// Two entries claiming the same symptom leave a reader who pastes it with two answers; each
// symptom belongs to one entry (the other can link to it).
import type { Playbook } from "../runner/playbooks/index.ts";
import type { Finding } from "./finding.ts";

export function checkSharedSymptoms(playbooks: Playbook[]): Finding[] {
  const owner = new Map<string, { file: string; line: number }>();
  const findings: Finding[] = [];
  for (const pb of playbooks) {
    pb.frontmatter.symptoms.forEach(({ text: symptom }, i) => {
      const key = symptom.trim().toLowerCase().replace(/\s+/g, " ");
      const line = pb.symptomLines[i] ?? 1;
      const first = owner.get(key);
      if (first && first.file !== pb.file) {
        findings.push({ file: pb.file, line, check: "symptoms", message: `symptom ${JSON.stringify(symptom)} is also claimed by ${first.file}:${first.line}` });
      } else if (!first) owner.set(key, { file: pb.file, line });
    });
  }
  return findings;
}
