// The paragraph a user reads for one error, cut out of a run's whole output and made stable
// (paths, ports, pids and patch versions replaced) so that it can be snapshotted word for word.
import os from "node:os";
import { ROOT } from "../../helpers/cli.ts";

/** Text replaced before comparing, most specific first. */
function replacements(extra: Record<string, string>): [RegExp | string, string][] {
  return [
    ...Object.entries(extra),
    [ROOT, "<root>"],
    [os.homedir(), "<home>"],
    [os.tmpdir(), "<tmp>"],
    [/\/dev\/shm\/etcd-playbooks-\w+/g, "<runs>"],
    [/(\.mdx-|run-|faults-[a-z-]+-)[A-Za-z0-9]{6}\b/g, "$1XXXXXX"],
    [/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>"],
    [/\bpid \d+/g, "pid <pid>"],
    [/\b3\.(\d+)\.\d+\b/g, "3.$1.<patch>"],
    [/(\.mdx@)3\.\d+\b/g, "$1<series>"],
    [/etcd-playbooks-[0-9a-f]{12}\b/g, "etcd-playbooks-<token>"],
    [/Go Version: .*/g, "Go Version: <go>"],
    [/Git SHA: .*/g, "Git SHA: <sha>"],
  ];
}

export function normalize(text: string, extra: Record<string, string> = {}): string {
  let out = text.replace(/\x1b\[[0-9;]*m/g, "");
  for (const [from, to] of replacements(extra)) out = typeof from === "string" ? out.split(from).join(to) : out.replace(from, to);
  return out;
}

/**
 * The first paragraph whose head line ends in `[CODE]` and starts at the margin (Vitest's
 * "Error: " / "PlaybookError: " prefix dropped), with its hint (`  → …`) and details (indented
 * four spaces) — what PlaybookError.format() printed, about `file` when given. Undefined when there is none.
 */
export function paragraph(output: string, code: string, file?: string): string | undefined {
  const lines = output.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
  const about = (l: string) => file === undefined || l.replace(/^(?:PlaybookError|Error): /, "").startsWith(`${file}:`);
  const start = lines.findIndex((l) => /^\S/.test(l) && l.endsWith(`[${code}]`) && about(l));
  if (start < 0) return undefined;
  const block = [lines[start]!.replace(/^(?:PlaybookError|Error): /, "")];
  for (const l of lines.slice(start + 1)) {
    if (!/^( {2}→ | {4})/.test(l) && l !== "    ") break;
    block.push(l);
  }
  return block.join("\n");
}
