// Finds the first syntax error of a generated module with TypeScript's parser, for a message with
// a line: Node's type stripper says what is wrong but not where.
import { createRequire } from "node:module";

export function locateSyntaxError(source: string): { line: number; message: string } | undefined {
  // Loaded only when a step does not compile: TypeScript takes a few hundred ms to load.
  const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
  const sf = ts.createSourceFile("step.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const diagnostics = (sf as unknown as { parseDiagnostics?: import("typescript").DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (!first) return undefined;
  const { line } = sf.getLineAndCharacterOfPosition(first.start);
  return { line: line + 1, message: ts.flattenDiagnosticMessageText(first.messageText, "\n") };
}
