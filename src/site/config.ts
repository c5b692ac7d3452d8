// The whole site configuration, shared by astro.config.mjs and the test fixture sites, so a
// fixture builds exactly what the real site builds, from other content.
import { fileURLToPath } from "node:url";
import starlight from "@astrojs/starlight";
import type { AstroUserConfig } from "astro";
import { playbookSite } from "./integration.ts";
import { REPOSITORY_URL } from "./repository.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));


export interface SiteConfigOptions {
  /** Playbooks directory relative to the Astro root. Default `playbooks`. */
  playbooksDir?: string;
}

/**
 * Astro marks every MDX module with a `"use astro:head-inject"` directive and handles it itself;
 * Rolldown warns once per MDX page that it may not preserve it (a plain Starlight site does the
 * same). Only that warning is dropped, so the build log shows warnings that say something.
 */
function onLog(level: string, log: { code?: string; message: string }, handler: (level: string, log: unknown) => void) {
  if (log.code === "MODULE_LEVEL_DIRECTIVE" && log.message.includes("astro:head-inject")) return;
  handler(level, log);
}

export function siteConfig({ playbooksDir = "playbooks" }: SiteConfigOptions = {}): AstroUserConfig {
  return {
    // Where the site is deployed: canonical links and the sitemap need it. Unknown until
    // deployment, so it comes from the environment; without it Astro skips the sitemap and says so.
    ...(process.env.SITE_URL ? { site: process.env.SITE_URL } : {}),
    // One public/ for the real site and the test fixtures (favicon).
    publicDir: here("../../public"),
    vite: { build: { rolldownOptions: { onLog } } } as AstroUserConfig["vite"],
    integrations: [
      starlight({
        title: "etcd-playbooks",
        description: "Troubleshooting etcd, with every step run against a real etcd.",
        editLink: { baseUrl: `${REPOSITORY_URL}/edit/main/` },
        lastUpdated: true,
        // Ours has the symptom search (pages/404.astro); Starlight's looks for a `404` entry among
        // the playbooks and warns on every build when there is none.
        disable404Route: true,
        social: [{ icon: "github", label: "Source", href: REPOSITORY_URL }],
        // Starlight's Markdown transforms (asides, heading anchors) only touch these folders.
        markdown: { processedDirs: [`./${playbooksDir}`] },
        routeMiddleware: here("./nav/route-data.ts"),
        customCss: [here("./styles/site.css")],
        // Ours reads pasted log lines as well as typed words, and loads nothing until it opens.
        components: { Search: here("./components/SiteSearch.astro") },
      }),
      playbookSite({ playbooksDir }),
    ],
  };
}
