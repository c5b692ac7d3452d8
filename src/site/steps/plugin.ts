// A Sätteri mdast plugin (Astro 7's Markdown engine) that turns playbook fences into components:
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
const componentPath = (name: string) => fileURLToPath(new URL(`../components/${name}.astro`, import.meta.url));
const IMPORTS = `import ${STEP} from ${JSON.stringify(componentPath("PlaybookStep"))};\n`
  + `import ${OUTPUT} from ${JSON.stringify(componentPath("StepOutput"))};`;

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

function stepsPlugin(): MdastPluginDefinition {
  let index = 0;
  let used = false;
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
          ],
          children: outputs.map((o) => outputElement(o, outputFromFence(o.lang, o.meta)?.etcd)),
        });
        for (const o of outputs) ctx.removeNode(o);
        used = true;
        return;
      }
      const output = outputFromFence(node.lang, node.meta);
      if (output && !followsStep(node, ctx)) {
        ctx.replaceNode(node, outputElement(node, output.etcd));
        used = true;
      }
    },
    after(root, ctx) {
      if (used) ctx.insertChildAt(root, 0, { type: "mdxjsEsm", value: IMPORTS });
    },
  };
}

/**
 * The plugin entry for `markdown.processor.options.mdastPlugins`: active for MDX files under
 * `playbooksDir` only, so that CONTRIBUTING.md can show a step fence as an example.
 */
export function playbookStepsPlugin(playbooksDir: string) {
  const prefix = playbooksDir.endsWith("/") ? playbooksDir : `${playbooksDir}/`;
  return ({ fileURL, sourceFormat }: PluginFactoryContext) => {
    if (sourceFormat !== "mdx" || !fileURL || fileURL.protocol !== "file:") return undefined;
    return fileURLToPath(fileURL).startsWith(prefix) ? stepsPlugin() : undefined;
  };
}
