// Internal links in playbooks must land on a page the site builds: another playbook (its route is
// its path under the playbooks folder without `.mdx`), one of the site's own pages, or a file in
// public/. Relative links resolve the way a browser resolves them against the page's URL, which
// ends in a slash (`wrong-port/` on /faq/connection-refused/ means /faq/connection-refused/wrong-port/).
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Playbook } from "../runner/playbooks/index.ts";
import type { Finding } from "./finding.ts";

/**
 * Pages the site makes besides the playbooks: the routes src/site/integration.ts injects, and
 * Starlight's 404 page. test/check/links.test.ts keeps this list equal to the injected routes.
 */
export const SITE_PAGES = ["/", "/faq/", "/contributing/", "/errors/", "/symptoms.json", "/404/"];

/** The route of a playbook: `faq/nospace.mdx` under the playbooks folder is `/faq/nospace/`. */
export function routeOf(file: string, base = "playbooks"): string {
  const prefix = base.replace(/\/+$/, "") + "/";
  const rel = (file.startsWith(prefix) ? file.slice(prefix.length) : file).replace(/\.mdx?$/, "");
  return rel === "index" ? "/" : `/${rel.replace(/\/index$/, "")}/`;
}

/** Every file under public/ as the path the site serves it at, e.g. `/favicon.svg`. */
export function publicFiles(root: string): string[] {
  try {
    return readdirSync(path.join(root, "public"), { recursive: true }).map((f) => `/${String(f).split(path.sep).join("/")}`);
  } catch {
    return [];
  }
}

export interface LinkCheckOptions {
  /** The playbooks folder relative to the repository root (default `playbooks`). */
  base?: string;
  /** Other paths the site serves (public files). */
  extraRoutes?: string[];
}

export function checkLinks(playbooks: Playbook[], options: LinkCheckOptions = {}): Finding[] {
  const base = options.base ?? "playbooks";
  const routes = new Set([...SITE_PAGES, ...(options.extraRoutes ?? []), ...playbooks.map((p) => routeOf(p.file, base))]);
  const findings: Finding[] = [];
  for (const pb of playbooks) {
    const page = new URL(routeOf(pb.file, base), "https://site.invalid");
    let fence: string | undefined;
    pb.source.split("\n").forEach((text, i) => {
      // A fence closes only with the same character, at least as long (CommonMark).
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
      if (marker && !fence) fence = marker;
      else if (marker && marker[0] === fence![0] && marker.length >= fence!.length && text.trim() === marker) fence = undefined;
      if (fence || marker) return;
      for (const m of text.replace(/`[^`]*`/g, "").matchAll(/\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)|href="([^"]+)"/g)) {
        const target = (m[1] ?? m[2])!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#") || target.startsWith("//")) continue; // external, mailto:, or an anchor
        const url = new URL(target, page).pathname;
        const route = routes.has(url) || url.endsWith("/") || /\.[a-z0-9]+$/i.test(url) ? url : `${url}/`;
        if (!routes.has(route)) {
          findings.push({ file: pb.file, line: i + 1, check: "links", message: `link to ${target} goes nowhere (no page at ${route})` });
        }
      }
    });
  }
  return findings;
}
