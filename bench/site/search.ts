// `npm exec -- node bench/site/search.ts [--dist DIR] [--baseline DIR]`: the search's cost to a
// reader. Builds the real site (unless --dist names a build), then in chromium: the JavaScript
// each kind of page loads before the search opens (against --baseline, a build of the site before
// this search, when given), and the time from a paste to results in both boxes. Not a test: it
// prints figures; the last line is `key=value` pairs. Also run by `npm run bench:site`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, ensureChromium } from "../../src/setup/chromium.ts";
import { BOXES } from "../../test/site/helpers/boxes.ts";
import { buildSite, REPO } from "../../test/site/helpers/build.ts";
import { PASTE_FORMS } from "../../test/site/helpers/paste-forms.ts";
import { realEntries, symptomCases } from "../../test/site/helpers/real-entries.ts";
import { serve, type StaticServer } from "../../test/site/helpers/serve.ts";
import { UNLISTED_LINES } from "../../test/site/helpers/unlisted-lines.ts";
import { jsBeforeSearch, PAGE_KINDS } from "./js-weight.ts";
import { pasteLatency } from "./search-latency.ts";

export async function benchSearch(dist: string, baseline?: string): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const profile = mkdtempSync(join(tmpdir(), "bench-search-"));
  const servers: StaticServer[] = [];
  const context = await chromium.launchPersistentContext(profile, { executablePath: await ensureChromium(), headless: true, args: CHROMIUM_ARGS });
  try {
    const ours = await serve(dist);
    servers.push(ours);
    const before = baseline ? await serve(baseline) : undefined;
    if (before) servers.push(before);

    console.log(`\nJavaScript loaded before the search opens, KiB raw / gzip${before ? " (before → after)" : ""}`);
    for (const [kind, path] of Object.entries(PAGE_KINDS)) {
      const after = await jsBeforeSearch(context, ours.url + path);
      const was = before ? await jsBeforeSearch(context, before.url + path) : undefined;
      const kib = (b: { raw: number; gzip: number }) => `${(b.raw / 1024).toFixed(1)} / ${(b.gzip / 1024).toFixed(1)}`;
      console.log(`  ${kind.padEnd(13)} ${was ? `${kib(was).padStart(13)} → ` : ""}${kib(after).padStart(13)}`);
      figures[`js_gzip_${kind.replace(/\W+/g, "_")}`] = after.gzip;
      if (was) figures[`js_gzip_before_${kind.replace(/\W+/g, "_")}`] = was.gzip;
    }

    // Every form of a sample of symptoms, and the real lines no page lists.
    const cases = symptomCases(await realEntries());
    const sample = cases.filter((_, i) => i % Math.max(1, Math.floor(cases.length / 6)) === 0);
    const lines = [...Object.values(PASTE_FORMS).flatMap((f) => sample.map((c) => f.wrap(c.symptom))), ...UNLISTED_LINES.map((l) => l.text)];
    console.log(`\nFrom a paste to results, ms (${lines.length} pastes per box; cold = the first after the page opened)`);
    for (const box of BOXES) {
      const l = await pasteLatency(context, ours.url, box, lines);
      console.log(`  ${box.padEnd(7)} first results: median ${l.firstMedianMs.toFixed(1)}, p95 ${l.firstP95Ms.toFixed(1)}, cold ${l.coldFirstMs.toFixed(1)}; with full text: median ${l.doneMedianMs.toFixed(1)}, p95 ${l.doneP95Ms.toFixed(1)}, max ${l.doneMaxMs.toFixed(1)}, cold ${l.coldDoneMs.toFixed(1)}`);
      figures[`paste_first_median_ms_${box}`] = +l.firstMedianMs.toFixed(1);
      figures[`paste_first_p95_ms_${box}`] = +l.firstP95Ms.toFixed(1);
      figures[`paste_done_median_ms_${box}`] = +l.doneMedianMs.toFixed(1);
      figures[`paste_done_p95_ms_${box}`] = +l.doneP95Ms.toFixed(1);
    }
    return figures;
  } finally {
    await context.close();
    await Promise.all(servers.map((s) => s.close()));
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { dist: { type: "string" }, baseline: { type: "string" } } });
  let dist = values.dist;
  if (!dist) {
    const build = await buildSite(REPO, { ETCD_PLAYBOOKS_RESULTS: join(REPO, "bench/.out/no-results.json") }, 15 * 60_000, join(REPO, "bench/.out/search-dist"));
    if (build.code !== 0) throw new Error(`build failed:\n${build.log.slice(-3000)}`);
    dist = build.dist;
  }
  const figures = await benchSearch(dist, values.baseline);
  console.log(Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(" "));
}
