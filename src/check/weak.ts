// Steps that could pass whatever etcd does, as far as a program can tell: an output block that
// says nothing but common words, an existence check of a search result, a log() of a value nothing
// asserts, a catch that accepts any error. Each is reported at its line unless the step says why
// it is enough: `// enough: <why>` (ts) or `# enough: <why>` (sh) at the end of the line or alone
// on the line above it, or as the step's first line for the whole step and its output blocks.
import { createRequire } from "node:module";
import type * as TS from "typescript";
import type { Playbook, Step } from "../runner/playbooks/index.ts";
import type { Finding } from "./finding.ts";

const ts = createRequire(import.meta.url)("typescript") as typeof TS;

/** Words so many outputs contain that a block made of them and `...` proves almost nothing. */
const COMMON_WORDS = new Set(
  ("a an and are at be by for from has have in is it not of on or the to was with ok okay yes no true false null none done " +
    "error errors err fail failed failure success successful succeeded ready healthy unhealthy started stopped running " +
    "leader follower member members key keys value values etcd etcdctl server client request response context deadline " +
    "exceeded timeout timed out warn warning info debug level msg")
    .split(" "),
);
/** Calls whose result says that something was found, or not: checking only that it exists is weak. */
const SEARCHES = new Set(["find", "findLast", "findIndex", "findLastIndex", "match", "matchAll", "exec", "search", "filter", "indexOf", "lastIndexOf", "includes", "some"]);
/** Matchers that pass for any found value; `not.` ones are listed with it. */
const EXISTENCE = new Set(["toBeDefined", "toBeTruthy", "not.toBeUndefined", "not.toBeNull", "not.toBeFalsy"]);
/** Calls that fail unless what they return is there: their results are asserted by construction. */
const SELF_ASSERTING = new Set(["waitForLog", "until"]);
/** Names a logged value may use without being "a value": globals, and the run's own facts. */
const NOT_VALUES = new Set(["JSON", "String", "Number", "Math", "Object", "Array", "Date", "Boolean", "BigInt", "etcdVersion", "tmpdir", "undefined"]);

export function checkWeakSteps(playbooks: Playbook[]): Finding[] {
  return playbooks.flatMap((pb) => {
    const parsed = pb.steps.filter((s) => s.lang === "ts").map((step) => ({ step, sf: parse(step) }));
    const facts = collectFacts(parsed);
    const findings: Finding[] = [];
    for (const step of pb.steps) {
      const enough = enoughLines(step);
      const report = (codeLine: number, message: string) => {
        if (!enough.whole && !enough.lines.has(codeLine)) findings.push({ file: pb.file, line: step.line + 1 + codeLine, check: "weak", message });
      };
      for (const block of step.outputs) {
        const said = commonOnly(block.text);
        if (said !== undefined && !enough.whole) {
          const what = said === "" ? "nothing but `...`: it matches any output" : `only "${said}" around \`...\`, words many outputs contain`;
          findings.push({ file: pb.file, line: block.line, check: "weak", message: `output block says ${what}; quote what only this case prints, or say why that is enough (${marker(step)} … as the step's first line)` });
        }
      }
      const sf = parsed.find((p) => p.step === step)?.sf;
      if (sf) for (const [codeLine, message] of weakCode(sf, step, facts)) report(codeLine, message);
    }
    return findings.sort((a, b) => a.line - b.line);
  });
}

const marker = (step: Step) => (step.lang === "ts" ? "// enough:" : "# enough:");

/** The literal words of a block with `...`, when all of them are common ("" when there are none). */
function commonOnly(text: string): string | undefined {
  if (!text.includes("...")) return undefined;
  const literal = text.split("...").map((s) => s.trim()).filter(Boolean).join(" … ");
  const words = literal.match(/[A-Za-z0-9_]+/g) ?? [];
  return words.every((w) => COMMON_WORDS.has(w.toLowerCase())) ? literal : undefined;
}

/** Code lines (0-based) an `enough:` comment covers, or the whole step when its first line is one. */
function enoughLines(step: Step): { whole: boolean; lines: Set<number> } {
  const re = step.lang === "ts" ? /\/\/\s*enough:\s*\S/ : /#\s*enough:\s*\S/;
  const alone = step.lang === "ts" ? /^\s*\/\/\s*enough:\s*\S/ : /^\s*#\s*enough:\s*\S/;
  const code = step.code.split("\n");
  const lines = new Set<number>();
  code.forEach((l, i) => {
    if (!re.test(l)) return;
    lines.add(i);
    if (alone.test(l)) lines.add(i + 1);
  });
  const first = code.findIndex((l) => l.trim() !== "");
  return { whole: first >= 0 && alone.test(code[first]!), lines };
}

/** A ts step as the body of an async function (as the runner runs it), so `await` parses. */
function parse(step: Step): TS.SourceFile {
  return ts.createSourceFile("step.ts", `async function step() {\n${step.code}\n}`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

interface Facts {
  /** Variables holding a search result, with the search, e.g. `line` → `find`. */
  searches: Map<string, string>;
  /** Names used in an expect(…) or matcher argument, or holding the result of a self-asserting call. */
  asserted: Set<string>;
  /** Every use of each name across the playbook's ts steps (declarations excluded), and whether an output block checks what its step logs. */
  uses: Map<string, { id: TS.Identifier; shown: boolean }[]>;
}

function collectFacts(parsed: { step: Step; sf: TS.SourceFile }[]): Facts {
  const facts: Facts = { searches: new Map(), asserted: new Set(), uses: new Map() };
  for (const { step, sf } of parsed) {
    walk(sf, (node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const search = searchOf(node.initializer);
        if (search) facts.searches.set(node.name.text, search);
        if (callsAny(node.initializer, SELF_ASSERTING)) facts.asserted.add(node.name.text);
      }
      const ex = expectation(node);
      if (ex) for (const part of [ex.actual, ...ex.args]) for (const n of freeNames(part)) facts.asserted.add(n);
      if (ts.isIdentifier(node) && isUse(node)) facts.uses.set(node.text, [...(facts.uses.get(node.text) ?? []), { id: node, shown: step.outputs.length > 0 }]);
    });
  }
  return facts;
}

function weakCode(sf: TS.SourceFile, step: Step, facts: Facts): [number, string][] {
  const found: [number, string][] = [];
  const lineOf = (node: TS.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line - 1;
  const text = (node: TS.Node) => node.getText(sf).replace(/\s+/g, " ");
  walk(sf, (node) => {
    const ex = expectation(node);
    if (ex && EXISTENCE.has(ex.matcher)) {
      const search = searchOf(ex.actual) ?? (ts.isIdentifier(unwrap(ex.actual)) ? facts.searches.get((unwrap(ex.actual) as TS.Identifier).text) : undefined);
      if (search) found.push([lineOf(node), `expect(${text(ex.actual)}).${ex.matcher}() passes for whatever ${search}() found; check what it found, or say why that is enough (// enough: …)`]);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "log" && step.outputs.length === 0) {
      const values = node.arguments.filter((a) => !callsAny(a, SELF_ASSERTING) && freeNames(a).length > 0 && !freeNames(a).some((n) => facts.asserted.has(n)));
      if (values.length > 0) found.push([lineOf(node), `log(${values.map(text).join(", ")}) prints a value nothing asserts: no output block follows the step and no expect() uses it; assert it, add an output block, or say why that is enough (// enough: …)`]);
    }
    const caught = anyErrorCatch(node);
    if (caught) {
      const held = holder(node);
      if (held === undefined) found.push([lineOf(node), `${caught} accepts any error and nothing looks at it; check the error, or say why that is enough (// enough: …)`]);
      else if (held !== "" && !(facts.uses.get(held) ?? []).some(strongUse)) found.push([lineOf(node), `${caught} accepts any error, and ${held} is only logged or checked for existence; check its message or code, e.g. expect(String(${held})).toContain("…"), or say why that is enough (// enough: …)`]);
    }
  });
  return found;
}

/** `expect(actual)[.not|.resolves|.rejects].matcher(args)`, with `not.` in the matcher's name. */
function expectation(node: TS.Node): { actual: TS.Expression; matcher: string; args: readonly TS.Expression[] } | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  let matcher = node.expression.name.text;
  let target: TS.Expression = node.expression.expression;
  while (ts.isPropertyAccessExpression(target)) {
    if (target.name.text === "not") matcher = `not.${matcher}`;
    target = target.expression;
  }
  if (!ts.isCallExpression(target) || !ts.isIdentifier(target.expression) || target.expression.text !== "expect" || !target.arguments[0]) return undefined;
  return { actual: target.arguments[0], matcher, args: node.arguments };
}

function unwrap(e: TS.Expression): TS.Expression {
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
  return e;
}

/** The search a value comes from: `lines.find(…)`, `re.exec(…)`, `s.match(…)?.[1]`. */
function searchOf(e: TS.Expression): string | undefined {
  let x = unwrap(e);
  while (ts.isElementAccessExpression(x) || (ts.isPropertyAccessExpression(x) && !ts.isCallExpression(x.parent))) x = unwrap(x.expression);
  if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && SEARCHES.has(x.expression.name.text)) return x.expression.name.text;
  return undefined;
}

function callsAny(node: TS.Node, names: Set<string>): boolean {
  let hit = false;
  walk(node, (n) => {
    if (ts.isCallExpression(n)) {
      const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : ts.isIdentifier(n.expression) ? n.expression.text : "";
      if (names.has(callee)) hit = true;
    }
  });
  return hit;
}

/** Names an expression reads from outside itself: not property names, not its own parameters, not globals. */
function freeNames(e: TS.Node): string[] {
  const own = new Set<string>();
  walk(e, (n) => {
    if ((ts.isParameter(n) || ts.isVariableDeclaration(n)) && ts.isIdentifier(n.name)) own.add(n.name.text);
  });
  const names: string[] = [];
  walk(e, (n) => {
    if (ts.isIdentifier(n) && isUse(n) && !own.has(n.text) && !NOT_VALUES.has(n.text)) names.push(n.text);
  });
  return names;
}

/** An identifier that reads a variable (not a property name, a declaration or a label). */
function isUse(n: TS.Identifier): boolean {
  const p = n.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === n) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p)) && p.name === n) return false;
  if (ts.isPropertyAssignment(p) && p.name === n) return false;
  return !(ts.isCallExpression(p) && p.expression === n && n.text === "expect");
}

/** `.catch((e) => e)`, `.catch(() => undefined)` and `catch (e) {…}` without a throw: any error is fine. */
function anyErrorCatch(node: TS.Node): string | undefined {
  if (ts.isCatchClause(node)) return containsThrow(node.block) ? undefined : "catch";
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== "catch") return undefined;
  const handler = node.arguments[0];
  if (!handler || !(ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) || containsThrow(handler.body)) return undefined;
  const param = handler.parameters[0]?.name;
  const body = ts.isBlock(handler.body) ? handler.body.statements : [handler.body];
  const returned = body.length === 0 ? undefined : ts.isBlock(handler.body) ? undefined : unwrap(handler.body as TS.Expression);
  const givesError = returned && param && ts.isIdentifier(returned) && ts.isIdentifier(param) && returned.text === param.text;
  const givesNothing = body.length === 0 || (returned && (returned.kind === ts.SyntaxKind.NullKeyword || returned.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(returned) && returned.text === "undefined")));
  return givesError || givesNothing ? `.catch(${handler.getText().replace(/\s+/g, " ")})` : undefined;
}

function containsThrow(node: TS.Node): boolean {
  let hit = false;
  walk(node, (n) => {
    if (ts.isThrowStatement(n)) hit = true;
  });
  return hit;
}

/** The variable a catch's value goes into, or undefined when the value is dropped; "" when it flows on. */
function holder(node: TS.Node): string | undefined {
  if (ts.isCatchClause(node)) return node.variableDeclaration && ts.isIdentifier(node.variableDeclaration.name) ? node.variableDeclaration.name.text : undefined;
  let p = node.parent;
  while (ts.isAwaitExpression(p) || ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) p = p.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  return ts.isExpressionStatement(p) ? undefined : "";
}

/** A use that looks at the value: anything but an existence expect, or a log() no output block checks. */
function strongUse({ id, shown }: { id: TS.Identifier; shown: boolean }): boolean {
  for (let n: TS.Node = id; n.parent; n = n.parent) {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "log") return shown;
    const ex = expectation(n.parent);
    if (ex && (EXISTENCE.has(ex.matcher) || ex.matcher === "toBeInstanceOf")) return false;
    if (ts.isExpressionStatement(n) || ts.isVariableStatement(n)) return true;
  }
  return true;
}

function walk(node: TS.Node, visit: (n: TS.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (c) => walk(c, visit));
}
