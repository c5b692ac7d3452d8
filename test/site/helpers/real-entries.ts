// The real content's symptom index, read from the playbooks on disk as the site builds it: the
// tests derive their cases from it, so they follow the content as it changes.
import path from "node:path";
import { routeOf } from "../../../src/check/links.ts";
import { discoverPlaybooks, parsePlaybookFile } from "../../../src/runner/playbooks/index.ts";
import type { SymptomEntry } from "../../../src/site/search/match.ts";
import { REPO } from "./build.ts";

/** Every playbook that parses (one that does not fails in its own run) and is no draft: the built site's pages. */
export async function realEntries(): Promise<SymptomEntry[]> {
  const files = await discoverPlaybooks(REPO, path.join(REPO, "playbooks"));
  const parsed = await Promise.allSettled(files.map((f) => parsePlaybookFile(path.join(REPO, f), REPO)));
  return parsed.flatMap((r) =>
    r.status === "fulfilled" && !r.value.frontmatter.draft
      ? [{ title: r.value.frontmatter.title, href: routeOf(r.value.file), area: r.value.frontmatter.area, symptoms: r.value.frontmatter.symptoms }]
      : [],
  );
}

/** One case per symptom: the page that lists it and the symptom. */
export function symptomCases(entries: SymptomEntry[]): { href: string; symptom: string }[] {
  return entries.flatMap((e) => e.symptoms.map((s) => ({ href: e.href, symptom: s.text })));
}
