// `npm run go-step -- <playbook> [<step>] [--etcd-version 3.6]`: copies a go step's program into
// .vscode/go-step/main.go, beside the go.mod and go.sum it is built with (etcd's modules at the
// version a run of that series uses), so that an editor's gopls completes and checks it like any
// Go file. Editors do not look inside Markdown fences; this gives the program a module of its own.
// Paste the finished program back into the fence; `npm run check` is still the judge.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { etcdModuleDir, newestRelease } from "../runner/etcd/index.ts";
import { isPlaybookError, PlaybookError } from "../runner/errors/index.ts";
import { claims, discoverPlaybooks, parsePlaybookFile, selectPlaybooks } from "../runner/playbooks/index.ts";
import { ROOT } from "../runner/vitest/index.ts";
import { RUNNABLE_SERIES } from "../schema/series.ts";

export const GO_STEP_DIR = ".vscode/go-step";

/** Writes the draft module and returns the path of its main.go, relative to `root`. */
export async function goStepDraft(argv: string[], root = ROOT, progress: (line: string) => void = () => {}): Promise<string> {
  const at = argv.indexOf("--etcd-version");
  const series = at >= 0 ? argv[at + 1] : undefined;
  const [filter, stepName] = argv.filter((a, i) => !a.startsWith("--") && (at < 0 || (i !== at && i !== at + 1)));
  if (!filter) throw new PlaybookError("CLI_USAGE", 'usage: npm run go-step -- <playbook> [<step name or number>] [--etcd-version 3.6]');
  const [file] = selectPlaybooks(await discoverPlaybooks(root), [filter]);
  if (!file) throw new PlaybookError("NO_PLAYBOOKS", `no playbook matches ${JSON.stringify(filter)}`);
  const pb = await parsePlaybookFile(path.join(root, file), root);
  const goSteps = pb.steps.filter((s) => s.lang === "go" && s.program === undefined);
  const step = !stepName ? goSteps[0] : goSteps.find((s) => s.name === stepName || String(s.index + 1) === stepName);
  if (!step) throw new PlaybookError("CLI_USAGE", `${file} has no go step ${stepName === undefined ? "" : `named ${JSON.stringify(stepName)} `}with a program of its own`, { hint: `Its go steps: ${goSteps.map((s) => JSON.stringify(s.name)).join(", ") || "none"}.` });
  const wanted = series ?? RUNNABLE_SERIES.filter((s) => claims(pb.frontmatter.etcd, s)).at(-1);
  const version = step.modules ?? (wanted && (await newestRelease(wanted, { onProgress: progress })));
  if (!version) throw new PlaybookError("CLI_USAGE", `cannot tell which etcd ${wanted ?? ""} release to prepare for; pass --etcd-version`);
  const modules = await etcdModuleDir({ version, onProgress: progress });
  const dir = path.join(root, GO_STEP_DIR);
  await mkdir(dir, { recursive: true });
  await Promise.all(["go.mod", "go.sum"].map(async (f) => writeFile(path.join(dir, f), await readFile(path.join(modules, f)))));
  await writeFile(path.join(dir, "main.go"), `${step.code}\n`);
  return `${GO_STEP_DIR}/main.go (step "${step.name}" of ${file}, etcd ${version})`;
}

if (process.argv[1]?.endsWith("go-step.ts")) {
  goStepDraft(process.argv.slice(2), ROOT, (line) => process.stderr.write(`${line}\n`)).then(
    (what) => process.stdout.write(`Wrote ${what}\nOpen it in your editor: gopls completes and checks it against that go.mod. Paste it back into the fence when done.\n`),
    (error: unknown) => {
      process.stderr.write(`${isPlaybookError(error) ? error.format() : (error as Error).stack}\n`);
      process.exitCode = isPlaybookError(error) && error.code === "CLI_USAGE" ? 2 : 1;
    },
  );
}
