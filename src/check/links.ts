// Internal links in playbooks must land on a page the site builds: another playbook (its route is
// its path under playbooks/ without `.mdx`), or one of the site's own pages.
import path from "node:path";
import type { Playbook } from "../runner/playbooks/types.ts";
import type { Finding } from "./finding.ts";

/** Pages the site makes besides the playbooks (src/pages and Starlight's). */
export const SITE_PAGES = ["/", "/faq/", "/contributing/", "/errors/", "/404/"];

export function routeOf(file: string): string {
  const rel = file.replace(/^playbooks\//, "").replace(/\.mdx$/, "");
  return rel === "index" ? "/" : `/${rel.replace(/\/index$/, "")}/`;
}

export function checkLinks(playbooks: Playbook[], extraRoutes: string[] = []): Finding[] {
  const routes = new Set([...SITE_PAGES, ...extraRoutes, ...playbooks.map((p) => routeOf(p.file))]);
  const findings: Finding[] = [];
  for (const pb of playbooks) {
    const lines = pb.source.split("\n");
    let inFence = false;
    lines.forEach((text, i) => {
      if (/^ {0,3}(`{3,}|~{3,})/.test(text)) inFence = !inFence;
      if (inFence) return;
      for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|href="([^"]+)"/g)) {
        const target = (m[1] ?? m[2])!;
        if (/^[a-z]+:/i.test(target) || target.startsWith("#")) continue; // external, mailto:, or an anchor
        const url = target.split("#")[0]!;
        const resolved = url.startsWith("/") ? url : path.posix.join(routeOf(pb.file), "..", url);
        const route = resolved.endsWith("/") ? resolved : `${resolved}/`;
        if (!routes.has(route)) {
          findings.push({ file: pb.file, line: i + 1, check: "links", message: `link to ${target} goes nowhere (no page at ${route})` });
        }
      }
    });
  }
  return findings;
}
