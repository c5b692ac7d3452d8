// `npm run bench:site`: build time and page weight of our site against a plain Starlight site
// holding the same generated pages, and Lighthouse (mobile) on a playbook page. Not a test: it
// prints figures; the last line is `key=value` pairs.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildSite, REPO, type BuildResult } from "../../test/site/helpers/build.ts";
import { serve } from "../../test/site/helpers/serve.ts";
import { generateSite } from "./generate.ts";
import { runLighthouse } from "./lighthouse.ts";
import { pageBytes, type Bytes } from "./measure.ts";
import { benchSearch } from "./search.ts";
import { repeatedWarnings } from "./warnings.ts";

const OUT = join(REPO, "bench/.out");
const SIZES = (process.env.BENCH_SITE_SIZES ?? "100,500").split(",").map(Number);
const RUNS = Number(process.env.BENCH_SITE_RUNS ?? 2);
const kib = (b: Bytes) => `${(b.raw / 1024).toFixed(1)} / ${(b.gzip / 1024).toFixed(1)}`;

/** The fastest of `RUNS` builds: the least disturbed by whatever else the machine does. */
async function timedBuild(root: string, env: Record<string, string> = {}): Promise<BuildResult> {
  let best: BuildResult | undefined;
  for (let i = 0; i < RUNS; i++) {
    const build = await buildSite(root, env, 15 * 60_000);
    if (build.code !== 0) throw new Error(`build of ${root} failed:\n${build.log.slice(-3000)}`);
    if (!best || build.ms < best.ms) best = build;
  }
  return best!;
}

const figures: Record<string, string | number> = {};

// 1. The real content, as `npm run build` makes it (with whatever results file is there). A
// playbook being written may not build yet: say so and go on with the generated content.
let realDist: string | undefined;
try {
  const real = await timedBuild(REPO);
  const realPages = readdirSync(real.dist, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".html")).length;
  console.log(`real content: ${realPages} HTML pages in ${(real.ms / 1000).toFixed(1)} s`);
  figures.build_real_s = +(real.ms / 1000).toFixed(1);
  realDist = real.dist;
} catch (error) {
  console.log(`real content does not build now; skipped:\n${(error as Error).message.split("\n").slice(0, 6).join("\n")}`);
}

// 2. Generated content, ours against plain Starlight.
console.log("\npages  site       build s   HTML KiB raw/gz   CSS KiB raw/gz   JS KiB raw/gz   repeated warnings");
let jsOurs: Bytes | undefined;
let jsPlain: Bytes | undefined;
for (const n of SIZES) {
  const times: Record<string, number> = {};
  for (const kind of ["plain", "ours"] as const) {
    const root = generateSite(REPO, join(OUT, `${kind}-${n}`), n, kind === "ours");
    const build = await timedBuild(root, { ETCD_PLAYBOOKS_RESULTS: join(root, "no-results.json") });
    const bytes = pageBytes(build.dist, "faq/entry-1");
    const repeated = repeatedWarnings(build.log, n);
    times[kind] = build.ms;
    if (kind === "ours") jsOurs = bytes.js;
    else jsPlain = bytes.js;
    console.log(`${String(n).padStart(5)}  ${kind.padEnd(9)}  ${(build.ms / 1000).toFixed(1).padStart(7)}   ${kib(bytes.html).padStart(15)}   ${kib(bytes.css).padStart(14)}   ${kib(bytes.js).padStart(13)}   ${repeated.length ? repeated.join("; ") : "none"}`);
    if (kind === "ours") figures[`warnings_repeated_${n}`] = repeated.length;
  }
  figures[`build_ratio_${n}`] = +(times.ours! / times.plain!).toFixed(2);
}
figures.js_gzip_ours = jsOurs?.gzip ?? 0;
figures.js_gzip_starlight = jsPlain?.gzip ?? 0;

// 3. Lighthouse, mobile, on a playbook page of the real site (else of the generated one).
const dist = realDist ?? join(OUT, `ours-${SIZES.at(-1)}`, "dist");
const page = realDist
  ? ["leader-failover", ...readdirSync(dist)].find((p) => existsSync(join(dist, p, "index.html")) && p !== "faq" && p !== "contributing")
  : "faq/entry-1";
// Node 22 has no `await using` outside TypeScript transpilation: close by hand.
const server = await serve(dist);
const lh = await runLighthouse(`${server.url}/${page}/`).finally(() => server.close());
console.log(`\nLighthouse mobile on /${page}/: performance ${lh.performance}, accessibility ${lh.accessibility}`);
for (const miss of lh.misses) console.log(`  below 1: ${miss}`);
figures.lighthouse_perf = lh.performance;
figures.lighthouse_a11y = lh.accessibility;

// 4. The search: JavaScript before it opens, per kind of page, and paste-to-results times.
if (realDist) Object.assign(figures, await benchSearch(realDist));

console.log(Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(" "));
