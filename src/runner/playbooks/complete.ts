// Each ts step must be a complete piece of code. All ts steps of a playbook become one function
// body (./codegen.ts), so a block, string, template or comment opened in one step and closed in a
// later one would still compile: two steps would silently run as one, the harness call between
// them swallowed, and their separate results would mean nothing. Each step is checked on its own.
import { createRequire, stripTypeScriptTypes } from "node:module";
import type * as TS from "typescript";
import { PlaybookError } from "../errors/index.ts";
import type { Step } from "./types.ts";

/** Throws STEP_INCOMPLETE at the first ts step that opens something it does not close, or closes something it did not open. */
export function checkStepsComplete(steps: readonly Step[], file: string): void {
  for (const step of steps) {
    if (step.lang !== "ts" || parses(step.code)) continue;
    // Only a step that does not parse alone is scanned: TypeScript takes a while to load.
    const problem = unbalanced(step.code);
    if (!problem) continue; // an ordinary syntax error: STEP_COMPILE reports it, with TypeScript's words
    const at = step.line + 1 + problem.line;
    throw new PlaybookError("STEP_INCOMPLETE", `step "${step.name}": ${problem.verb} ${problem.thing} at line ${at} that it ${problem.verb === "opens" ? "does not close" : "did not open"}`, {
      file,
      line: step.line,
      hint: "A step is a complete piece of code: close every block, string, template and comment in the step that opens it.",
    });
  }
}

/** Whether the step parses as the body of an async function, as it runs (Node's own parser; fast). */
function parses(code: string): boolean {
  const emit = process.emitWarning;
  // Still marked experimental in Node 22; its one-time warning would land in a run's report.
  process.emitWarning = (() => {}) as typeof process.emitWarning;
  try {
    stripTypeScriptTypes(`async function __step() {\n${code}\n}`, { mode: "strip" });
    return true;
  } catch {
    return false;
  } finally {
    process.emitWarning = emit;
  }
}

type Opener = { kind: "{" | "(" | "[" | "${"; pos: number };
const NAMES = { "{": "a block", "(": "a parenthesis", "[": "a bracket", "${": "a template" } as const;

/** The first thing the code opens without closing or closes without opening, by TypeScript's scanner. */
type Problem = { verb: "opens" | "closes"; thing: string; line: number };

function unbalanced(code: string): Problem | undefined {
  const ts = createRequire(import.meta.url)("typescript") as typeof TS;
  const lineOf = (pos: number) => code.slice(0, pos).split("\n").length - 1;
  let unterminated: Problem | undefined;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code, (message) => {
    const kind = /Unterminated string/.test(message.message) ? "a string" : /Unterminated template/.test(message.message) ? "a template" : /'\*\/' expected/.test(message.message) ? "a comment" : undefined;
    if (kind && !unterminated) unterminated = { verb: "opens", thing: kind, line: lineOf(scanner.getTokenStart()) };
  });
  const K = ts.SyntaxKind;
  const stack: Opener[] = [];
  let previous: TS.SyntaxKind = K.Unknown;
  for (let token = scanner.scan(); token !== K.EndOfFileToken; token = scanner.scan()) {
    const pos = scanner.getTokenStart();
    if (token === K.OpenBraceToken) stack.push({ kind: "{", pos });
    else if (token === K.OpenParenToken) stack.push({ kind: "(", pos });
    else if (token === K.OpenBracketToken) stack.push({ kind: "[", pos });
    else if (token === K.TemplateHead) stack.push({ kind: "${", pos });
    else if (token === K.CloseBraceToken && stack.at(-1)?.kind === "${") {
      // The `}` ending a template's ${…}: the template goes on, and may close here.
      if (scanner.reScanTemplateToken(false) === K.TemplateTail) stack.pop();
    } else if (token === K.CloseBraceToken || token === K.CloseParenToken || token === K.CloseBracketToken) {
      const want = token === K.CloseBraceToken ? "{" : token === K.CloseParenToken ? "(" : "[";
      if (stack.at(-1)?.kind !== want) return { verb: "closes", thing: NAMES[want], line: lineOf(pos) };
      stack.pop();
    } else if ((token === K.SlashToken || token === K.SlashEqualsToken) && regexMayStart(ts, previous)) {
      scanner.reScanSlashToken();
    }
    if (unterminated) return unterminated;
    previous = scanner.getToken();
  }
  const open = stack[0];
  return unterminated ?? (open ? { verb: "opens", thing: NAMES[open.kind], line: lineOf(open.pos) } : undefined);
}

/** After these a `/` divides; anywhere else it starts a regular expression (the rule editors use). */
function regexMayStart(ts: typeof TS, previous: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  const divides = [K.Identifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.RegularExpressionLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateTail, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken, K.ThisKeyword, K.SuperKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword, K.PlusPlusToken, K.MinusMinusToken];
  return !divides.includes(previous);
}
