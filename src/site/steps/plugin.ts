// A Sätteri mdast plugin (Astro 7's Markdown engine) that puts the symptoms, cause and
// verification above a playbook's text and turns its fences into components:
//   ```sh step="Name" …```      → <EtcdPlaybookStep index name lang …> fence, outputs </…>
//   ```text output etcd="3.4"``` → <EtcdPlaybookOutput etcd="3.4"> fence </…> inside that step
// The fences stay code nodes, so Expressive Code still highlights them and adds copy buttons;
// the components add the number, name and the verification read from the results file at
// render time (a new results file needs no recompilation of the MDX).
import { fileURLToPath } from "node:url";
import type { Code } from "mdast";
import type { MdastPluginDefinition, MdastVisitorContext, PluginFactoryContext } from "satteri";
import { outputFromFence, stepFromFence } from "./meta.ts";

const STEP = "EtcdPlaybookStep";
const OUTPUT = "EtcdPlaybookOutput";
const VERIFICATION = "EtcdPlaybookVerification";
const componentPath = (name: string) => fileURLToPath(new URL(`../components/${name}.astro`, import.meta.url));
const IMPORTS = `import ${STEP} from ${JSON.stringify(componentPath("PlaybookStep"))};\n`
  + `import ${OUTPUT} from ${JSON.stringify(componentPath("StepOutput"))};\n`
  + `import ${VERIFICATION} from ${JSON.stringify(componentPath("PlaybookVerification"))};`;

type Attr = { type: "mdxJsxAttribute"; name: string; value: string | { type: "mdxJsxAttributeValueExpression"; value: string } };
const attr = (name: string, value: string | number | boolean | undefined): Attr[] =>
  value === undefined || value === false ? []
    : typeof value === "string" ? [{ type: "mdxJsxAttribute", name, value }]
      : [{ type: "mdxJsxAttribute", name, value: { type: "mdxJsxAttributeValueExpression", value: String(value) } }];

function outputElement(fence: Readonly<Code>, etcd: string | undefined) {
  // A copy: Sätteri encodes new content by value, and the original is removed.
  const code = { type: "code" as const, lang: fence.lang, meta: fence.meta, value: fence.value };
  return { type: "mdxJsxFlowElement" as const, name: OUTPUT, attributes: attr("etcd", etcd), children: [code] };
}

/** The output fences right after `node`, in order. */
function followingOutputs(node: Readonly<Code>, ctx: MdastVisitorContext): Readonly<Code>[] {
  const siblings = ctx.parent(node)?.children ?? [];
  const found: Readonly<Code>[] = [];
  for (let i = (ctx.indexOf(node) ?? -1) + 1; i < siblings.length; i++) {
    const next = siblings[i];
    if (next?.type !== "code" || !outputFromFence(next.lang, next.meta)) break;
    found.push(next);
  }
  return found;
}

/** Whether an output fence belongs to a step before it (then the step already took it). */
function followsStep(node: Readonly<Code>, ctx: MdastVisitorContext): boolean {
  const siblings = ctx.parent(node)?.children ?? [];
  for (let i = (ctx.indexOf(node) ?? 0) - 1; i >= 0; i--) {
    const prev = siblings[i];
    if (prev?.type !== "code") return false;
    if (stepFromFence(prev.lang, prev.meta)) return true;
    if (!outputFromFence(prev.lang, prev.meta)) return false;
  }
  return false;
}

const text = (value: string) => ({ type: "text" as const, value });
const heading = (value: string) => ({ type: "heading" as const, depth: 2 as const, children: [text(value)] });
/** A block element without a component, as Starlight's asides are made. */
const div = (className: string, children: unknown[]) =>
  ({ type: "paragraph", data: { hName: "div", hProperties: { class: className } }, children }) as never;

/**
 * What goes above the author's text: the symptoms as code blocks (Expressive Code gives each a
 * copy button, at compile time), the cause, and the verification of this build. Real headings,
 * so the table of contents lists them.
 */
function summaryNodes(frontmatter: Record<string, unknown> | undefined) {
  // Not validated yet (the schema runs later): a string, or `{ text, etcd }` for some versions only.
  const symptoms = (Array.isArray(frontmatter?.symptoms) ? (frontmatter.symptoms as unknown[]) : []).flatMap((s) =>
    typeof s === "string" ? [{ text: s }] : typeof (s as { text?: unknown })?.text === "string" ? [s as { text: string; etcd?: string }] : [],
  );
  const cause = typeof frontmatter?.cause === "string" ? frontmatter.cause : undefined;
  const nodes: unknown[] = [];
  if (symptoms.length > 0) {
    nodes.push(div("pb-symptoms", [
      heading("Symptoms"),
      { type: "paragraph", children: [text(symptoms.length === 1 ? "You see this text in a log or an error:" : "You see any of these texts in a log or an error:")] },
      ...symptoms.map((s) => ({ type: "code", lang: "text", meta: s.etcd ? `wrap title="etcd ${s.etcd.replace(/"/g, "")}"` : "wrap", value: s.text })),
      ...(cause ? [{ type: "paragraph", data: { hProperties: { class: "pb-cause" } }, children: [{ type: "strong", children: [text("Cause:")] }, text(` ${cause}`)] }] : []),
    ]));
  }
  nodes.push(heading("Verification"), { type: "mdxJsxFlowElement", name: VERIFICATION, attributes: [], children: [] });
  return nodes as never[];
}

function stepsPlugin(frontmatter: Record<string, unknown> | undefined): MdastPluginDefinition {
  let index = 0;
  return {
    name: "etcd-playbook-steps",
    code(node, ctx) {
      const step = stepFromFence(node.lang, node.meta);
      if (step) {
        const outputs = followingOutputs(node, ctx);
        ctx.wrapNode(node, {
          type: "mdxJsxFlowElement",
          name: STEP,
          attributes: [
            ...attr("index", index++), ...attr("name", step.name), ...attr("lang", step.lang),
            ...attr("timeout", step.timeout), ...attr("destructive", step.destructive),
            ...attr("exit", step.exit), ...attr("etcd", step.etcd),
            ...attr("background", step.background), ...attr("modules", step.modules), ...attr("program", step.program),
          ],
          children: outputs.map((o) => outputElement(o, outputFromFence(o.lang, o.meta)?.etcd)),
        });
        for (const o of outputs) ctx.removeNode(o);
        return;
      }
      const output = outputFromFence(node.lang, node.meta);
      if (output && !followsStep(node, ctx)) {
        ctx.replaceNode(node, outputElement(node, output.etcd));
      }
    },
    before(root, ctx) {
      ctx.insertChildAt(root, 0, [{ type: "mdxjsEsm", value: IMPORTS }, ...summaryNodes(frontmatter)]);
    },
  };
}

/**
 * The plugin entry for `markdown.processor.options.mdastPlugins`: active for MDX files under
 * `playbooksDir` only, so that CONTRIBUTING.md can show a step fence as an example.
 */
export function playbookStepsPlugin(playbooksDir: string) {
  const prefix = playbooksDir.endsWith("/") ? playbooksDir : `${playbooksDir}/`;
  return ({ fileURL, sourceFormat, data }: PluginFactoryContext) => {
    if (sourceFormat !== "mdx" || !fileURL || fileURL.protocol !== "file:") return undefined;
    // Astro hands the parsed (not yet validated) frontmatter to the Markdown engine.
    const frontmatter = (data as { astro?: { frontmatter?: Record<string, unknown> } }).astro?.frontmatter;
    return fileURLToPath(fileURL).startsWith(prefix) ? stepsPlugin(frontmatter) : undefined;
  };
}
