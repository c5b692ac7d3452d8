// Our Astro integration: the step plugin in the Markdown engine, the site's own pages, and a
// virtual module telling components where the playbooks and the results file are.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { DEFAULT_RESULTS_PATH } from "../schema/results.ts";
import { playbookStepsPlugin } from "./steps/plugin.ts";

const VIRTUAL = "virtual:etcd-playbooks/site";
const page = (file: string) => fileURLToPath(new URL(`./pages/${file}`, import.meta.url));

export interface PlaybookSiteOptions {
  /** Directory of the playbooks, relative to the Astro root. */
  playbooksDir: string;
}

/**
 * The results file: `ETCD_PLAYBOOKS_RESULTS` as the runner reads it, relative to the working
 * directory; else the runner's default under the root.
 */
export function resultsPathFromEnv(root: string, env = process.env): string {
  const fromEnv = env.ETCD_PLAYBOOKS_RESULTS;
  return fromEnv ? resolve(fromEnv) : resolve(root, DEFAULT_RESULTS_PATH);
}

export function playbookSite(options: PlaybookSiteOptions): AstroIntegration {
  return {
    name: "etcd-playbooks-site",
    hooks: {
      "astro:config:setup": ({ config, updateConfig, injectRoute }) => {
        const root = fileURLToPath(config.root);
        const playbooksDir = resolve(root, options.playbooksDir);
        const site = { root, playbooksDir, resultsPath: resultsPathFromEnv(root) };

        const processor = config.markdown.processor as { name: string; options?: { mdastPlugins?: unknown[] } } | undefined;
        if (processor?.name !== "satteri" || !Array.isArray(processor.options?.mdastPlugins)) {
          throw new Error(`etcd-playbooks: steps render with the Sätteri Markdown engine; markdown.processor is "${processor?.name}"`);
        }
        processor.options.mdastPlugins.push(playbookStepsPlugin(playbooksDir));

        injectRoute({ pattern: "/", entrypoint: page("index.astro") });
        injectRoute({ pattern: "/faq", entrypoint: page("faq.astro") });
        injectRoute({ pattern: "/contributing", entrypoint: page("contributing.astro") });
        injectRoute({ pattern: "/errors", entrypoint: page("errors.astro") });
        injectRoute({ pattern: "/404", entrypoint: page("404.astro") });
        injectRoute({ pattern: "/symptoms.json", entrypoint: page("symptoms.json.ts") });

        updateConfig({
          vite: {
            plugins: [{
              name: "etcd-playbooks-site-virtual",
              resolveId: (id: string) => (id === VIRTUAL ? `\0${VIRTUAL}` : undefined),
              load: (id: string) => (id === `\0${VIRTUAL}` ? `export default ${JSON.stringify(site)};` : undefined),
            }],
          },
        });
      },
    },
  };
}
