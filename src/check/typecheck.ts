// Type-checks every `ts` step against the step context. Each playbook becomes the same module the
// runner executes (../runner/playbooks/codegen.ts), held in memory, so a diagnostic's line in it
// is the MDX line.
import { createRequire } from "node:module";
import path from "node:path";
import type * as TS from "typescript";
import { generateModule, type Playbook } from "../runner/playbooks/index.ts";
import { MODULE_OPTIONS } from "../runner/vitest/index.ts";
import type { Finding } from "./finding.ts";

const ts = createRequire(import.meta.url)("typescript") as typeof TS;

/**
 * Parsed declaration files (lib, @types/node, etcd3, vitest), kept for the life of the process:
 * parsing them is most of a check's time, and they do not change while it runs. A second check in
 * the same process (the tests, a watch) then only binds and checks.
 */
const libraryFiles = new Map<string, TS.SourceFile>();

export function typecheckPlaybooks(playbooks: Playbook[], root: string): Finding[] {
  const virtual = new Map<string, Playbook & { code: string }>();
  for (const pb of playbooks) {
    virtual.set(`${pb.path}.ts`, { ...pb, code: generateModule(pb, MODULE_OPTIONS) });
  }
  const options = compilerOptions(root);
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, readFile, fileExists } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f)?.code ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, onError, create) => {
    const v = virtual.get(f);
    if (v) return ts.createSourceFile(f, v.code, lang, true, ts.ScriptKind.TS);
    if (!f.endsWith(".d.ts")) return getSourceFile.call(host, f, lang, onError, create);
    const key = `${f}\0${typeof lang === "object" ? lang.languageVersion : lang}`;
    let sf = libraryFiles.get(key);
    if (!sf) {
      sf = getSourceFile.call(host, f, lang, onError, create);
      if (sf) libraryFiles.set(key, sf);
    }
    return sf;
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const findings: Finding[] = [];
  for (const [name, pb] of virtual) {
    const sf = program.getSourceFile(name)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    for (const d of diagnostics) {
      const line = d.start === undefined ? 1 : sf.getLineAndCharacterOfPosition(d.start).line + 1;
      const step = pb.steps.find((s) => line >= s.line && line <= s.endLine);
      findings.push({
        file: pb.file,
        line,
        check: "types",
        message: `${step ? `step "${step.name}": ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")} (TS${d.code})`,
      });
    }
  }
  return findings;
}

function compilerOptions(root: string): TS.CompilerOptions {
  const configPath = path.join(root, "tsconfig.json");
  const read = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, root);
  // Steps are checked as they run: ESM with top-level await inside the body, Node's types.
  return { ...parsed.options, noEmit: true, skipLibCheck: true, allowImportingTsExtensions: true };
}
