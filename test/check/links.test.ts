// The link check's idea of the site: routes of playbooks, and the pages the site injects.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { publicFiles, routeOf, SITE_PAGES } from "../../src/check/links.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

test("a playbook's route is its path under the playbooks folder", () => {
  expect(routeOf("playbooks/faq/nospace.mdx")).toBe("/faq/nospace/");
  expect(routeOf("playbooks/leader-failover.mdx")).toBe("/leader-failover/");
  expect(routeOf("playbooks/index.mdx")).toBe("/");
  expect(routeOf("test/fixtures/check/links/faq/links.mdx", "test/fixtures/check/links")).toBe("/faq/links/");
});

test("SITE_PAGES are the routes src/site/integration.ts injects (our own 404 page among them)", () => {
  const integration = readFileSync(path.join(ROOT, "src/site/integration.ts"), "utf8");
  const injected = [...integration.matchAll(/injectRoute\(\{\s*pattern:\s*"([^"]+)"/g)].map((m) => m[1]!);
  expect(injected.length).toBeGreaterThan(0);
  // Astro serves a page route as a folder (`/faq` → /faq/); an endpoint with an extension as is.
  const served = injected.map((p) => (p === "/" || /\.[a-z]+$/.test(p) ? p : `${p}/`));
  expect(served).toContain("/404/");
  expect([...SITE_PAGES].sort()).toEqual([...served].sort());
});

test("files in public/ are link targets", () => {
  expect(publicFiles(ROOT)).toContain("/favicon.svg");
});
