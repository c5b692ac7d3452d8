// The built site in Debian's chromium: every page, the verified steps, the symptom search, the
// copy button, dark mode and a phone viewport. The fixture playbook is run for real by the
// runner first, so the page shows what etcd printed in this test run.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "../../src/setup/chromium.ts";
import { buildSite, REPO } from "./helpers/build.ts";
import { fixtureResults, type Outcome } from "./helpers/results.ts";
import { serve, type StaticServer } from "./helpers/serve.ts";

const FIXTURE = join(REPO, "test/site/fixtures/site");
const LEASE = "test/site/fixtures/site/playbooks/faq/lease-not-found.mdx";
const LEASE_PAGE = "/faq/lease-not-found/";
const ARTEFACTS = join(REPO, "test-results/site");
// What etcdctl 3.5.30 printed for `put greeting hello --lease=1234abcd` (recorded), for when
// this run has no live output to paste.
const RECORDED_LINE = `{"level":"warn","ts":"2026-11-24T16:29:09.560718Z","logger":"etcd-client","caller":"v3/retry_interceptor.go:66","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0x295dd95ce960/127.0.0.1:46080","peer":"Peer{Addr: '127.0.0.1:46080', LocalAddr: '127.0.0.1:53032', AuthInfo: 'insecure'}","attempt":0,"error":"rpc error: code = NotFound desc = etcdserver: requested lease not found"}`;

const tmp = mkdtempSync(join(tmpdir(), "site-test-"));
let outcome: Outcome;
let server: StaticServer;
let context: BrowserContext;
let pages: string[];
let buildLog = "";
let dist = "";
const SITE_URL = "https://playbooks.example.org";

function htmlPages(dist: string): string[] {
  return readdirSync(dist, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".html") && f !== "404.html")
    .map((f) => `/${relative(".", f).replace(/index\.html$/, "")}`);
}

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`${path}: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
  const response = await page.goto(server.url + path, { waitUntil: "load" });
  expect(response?.status(), path).toBe(200);
  return { page, errors };
}

beforeAll(async () => {
  const executablePath = await ensureChromium();
  outcome = await fixtureResults(join(tmp, "results.json"), [LEASE]);
  if (!outcome.results) console.warn(`[site] verified-step checks will be skipped: ${outcome.why}`);
  const build = await buildSite(FIXTURE, { ETCD_PLAYBOOKS_RESULTS: outcome.results?.path ?? join(tmp, "absent.json"), SITE_URL });
  expect(build.code, build.log).toBe(0);
  buildLog = build.log;
  dist = build.dist;
  pages = htmlPages(build.dist);
  server = await serve(build.dist);
  context = await chromium.launchPersistentContext(join(tmp, "profile"), {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test("every page loads without console errors, and every internal link resolves", async () => {
  expect(pages).toEqual(expect.arrayContaining(["/", "/faq/", "/contributing/", "/errors/", LEASE_PAGE, "/first-look/"]));
  const links = new Set<string>();
  for (const path of pages) {
    const { page, errors } = await open(path);
    expect(errors).toEqual([]);
    for (const href of await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href))) {
      if (href.startsWith(server.url)) links.add(href.split("#")[0]!);
    }
    await page.close();
  }
  const broken: string[] = [];
  for (const link of links) {
    const status = (await fetch(link)).status;
    if (status !== 200) broken.push(`${link} → ${status}`);
  }
  expect(broken).toEqual([]);
});

test("the build warns about nothing; with SITE_URL set it writes a sitemap of the real pages", () => {
  expect(buildLog.split("\n").filter((l) => /\[WARN\]/.test(l))).toEqual([]);
  const sitemap = readFileSync(join(dist, "sitemap-0.xml"), "utf8");
  expect(sitemap).toContain(`<loc>${SITE_URL}${LEASE_PAGE}</loc>`);
  expect(sitemap).not.toContain("404");
});

test("a stale link lands on a 404 page whose symptom search finds the entry", async () => {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const response = await page.goto(`${server.url}/faq/renamed-long-ago/`, { waitUntil: "load" });
  expect(response?.status()).toBe(404);
  await expect(page.locator("h1").textContent()).resolves.toBe("Page not found");
  await page.locator("#pb-symptom").fill(RECORDED_LINE);
  await page.locator("form.pb-search button").click();
  const first = page.locator(".pb-home-results [data-result] a.pb-result__title").first();
  await first.waitFor();
  expect(await first.getAttribute("href")).toBe(LEASE_PAGE);
  expect(errors).toEqual([]);
  await page.close();
});

test("a phone-sized viewport has no horizontal scroll on any page", async () => {
  for (const path of pages) {
    const { page } = await open(path, { width: 360, height: 740 });
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll, path).toBeLessThanOrEqual(width!);
    await page.close();
  }
});

test("a playbook nobody ran says so, with no badge", async () => {
  const { page } = await open("/first-look/");
  await expect(page.locator(".pb-run--missing").first().textContent()).resolves.toContain("not verified in this build");
  expect(await page.locator(".pb-run--passed, .pb-run--failed, .pb-badge--passed").count()).toBe(0);
  // The commit date is when the text changed, not when it was checked: the footer says which.
  await expect(page.locator("footer").textContent()).resolves.toMatch(/Text last edited:\s*\w/);
  await page.close();
});

describe("verified steps", () => {
  test("each step shows its status per etcd version and the output it really printed", async (ctx) => {
    if (!outcome.results) return ctx.skip(outcome.why);
    const run = outcome.results.file.playbooks.find((p) => p.file === LEASE && p.etcdSeries === "3.5");
    expect(run, "the run covers etcd 3.5").toBeDefined();
    const printed = run!.steps.find((s) => s.name === "Write with a lease nobody granted")!;
    const { page } = await open(LEASE_PAGE);
    const details = page.locator('#step-1 details[data-series="3.5"]');
    await expect(details.locator(".pb-badge").textContent()).resolves.toBe(printed.status === "skipped" ? "not run" : printed.status);
    await expect(details.locator("summary").textContent()).resolves.toContain(`etcd ${run!.etcdVersion}`);
    const output = details.locator(".pb-run__output");
    expect(await output.isVisible()).toBe(false);
    await details.locator("summary").click();
    expect(await output.isVisible()).toBe(true);
    expect(await output.textContent()).toBe(printed.output);
    // The members' real command lines of that run.
    const ranWith = page.locator(".pb-ranwith");
    await ranWith.locator("summary").click();
    await expect(ranWith.textContent()).resolves.toContain(run!.members[0]!.args.find((a) => a.startsWith("--listen-client-urls"))!);
    await page.close();
  });

  test("the output opens without JavaScript", async (ctx) => {
    if (!outcome.results) return ctx.skip(outcome.why);
    const browser = context.browser() ?? (await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS }));
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(server.url + LEASE_PAGE);
    page.setDefaultTimeout(10_000);
    const details = page.locator("#step-1 details").first();
    await details.locator("summary").click();
    expect(await details.locator(".pb-run__output").isVisible()).toBe(true);
    await noJs.close();
  });
});

test("pasting a real etcd log line into the home page search finds the FAQ entry first", async () => {
  const live = outcome.results?.file.playbooks
    .flatMap((p) => p.steps)
    .flatMap((s) => s.output.split("\n"))
    .find((l) => l.includes("retrying of unary invoker failed"));
  for (const line of [live ?? RECORDED_LINE, `Nov 24 16:29:09 node-3 etcdctl[48121]: ${live ?? RECORDED_LINE}`]) {
    const { page, errors } = await open("/");
    await page.locator("#pb-symptom").fill(line);
    await page.locator("form.pb-search button").click();
    const first = page.locator(".pb-home-results [data-result] a.pb-result__title").first();
    await first.waitFor();
    expect(await first.getAttribute("href")).toBe(LEASE_PAGE);
    await first.click();
    await page.waitForURL(`**${LEASE_PAGE}`);
    await expect(page.locator("h1").textContent()).resolves.toContain("requested lease not found");
    expect(errors).toEqual([]);
    await page.close();
  }
});

test("the copy button copies a symptom", async () => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const { page } = await open(LEASE_PAGE);
  await page.locator(".pb-symptoms .expressive-code .copy button").first().click();
  await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe("etcdserver: requested lease not found");
  await page.close();
});

test("dark mode toggles", async () => {
  const { page } = await open(LEASE_PAGE);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const select = page.locator("starlight-theme-select select").first();
  await select.selectOption("light");
  const light = await background();
  await select.selectOption("dark");
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
  expect(await background()).not.toBe(light);
  await page.close();
});

test("screenshots of a playbook page, desktop and phone", async () => {
  mkdirSync(ARTEFACTS, { recursive: true });
  for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
    const { page } = await open(LEASE_PAGE, viewport);
    // Open the first output when there is one (a build without results has none to open).
    await page.locator("#step-1 details").evaluateAll((ds) => ds.slice(0, 1).forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.screenshot({ path: join(ARTEFACTS, `playbook-${name}.png`), fullPage: true });
    await page.close();
  }
});
