// `--list`, and the read-only selection for --endpoints: both need the parsed playbooks.
import path from "node:path";
import { isPlaybookError } from "../runner/errors/index.ts";
import { parsePlaybookFile, slugOf } from "../runner/playbooks/index.ts";

export async function listPlaybooks(files: string[], root: string): Promise<string> {
  const out: string[] = [];
  for (const file of files) {
    try {
      const pb = await parsePlaybookFile(path.join(root, file), root);
      const fm = pb.frontmatter;
      const shape = fm.cluster.members === 0 ? "no members at start" : `${fm.cluster.members} member${fm.cluster.members > 1 ? "s" : ""}`;
      out.push(`${file}  (${slugOf(file)})`);
      out.push(`  ${fm.title}`);
      out.push(`  etcd ${fm.etcd}, ${shape}${fm.destructive ? "" : ", read-only"}`);
      for (const s of pb.steps) out.push(`  ${String(s.index + 1).padStart(2)}. ${s.lang.padEnd(2)} ${s.name}  (line ${s.line})`);
    } catch (error) {
      out.push(`${file}`, `  cannot be read: ${isPlaybookError(error) ? error.format() : (error as Error).message}`);
    }
    out.push("");
  }
  return out.join("\n");
}

/** Splits files into those that may run against a user's cluster and the reasons the others may not. */
export async function readOnlyPlaybooks(files: string[], root: string): Promise<{ safe: string[]; refused: string[] }> {
  const safe: string[] = [];
  const refused: string[] = [];
  for (const file of files) {
    try {
      const pb = await parsePlaybookFile(path.join(root, file), root);
      if (pb.frontmatter.destructive) refused.push(`${file} (destructive; mark read-only playbooks with destructive: false)`);
      else safe.push(file);
    } catch (error) {
      refused.push(`${file} (${isPlaybookError(error) ? error.format() : (error as Error).message})`);
    }
  }
  return { safe, refused };
}
