// JavaScript a page really loads in chromium before the reader opens the search: script tags,
// their imports, and whatever they fetch once the page is idle (Starlight's search used to load
// Pagefind's UI then). Counted from the network, so a lazy import cannot hide.
import type { BrowserContext, Page } from "playwright-core";
import { gzipSync } from "node:zlib";
import type { Bytes } from "./measure.ts";

/** The page kinds of the site, each by one path of the real content. */
export const PAGE_KINDS: Record<string, string> = {
  home: "/",
  playbook: "/leader-failover/",
  "faq entry": "/faq/nospace/",
  "faq index": "/faq/",
  contributing: "/contributing/",
  errors: "/errors/",
  "404": "/no-such-page/",
};

function isCode(url: string, type: string): boolean {
  return type === "script" || /\.(m?js|wasm)(\?|$)/.test(url);
}

/** Bytes of JS and WebAssembly fetched by `page` from now on, until `stop()`. */
export function countCode(page: Page): { stop(): Promise<Bytes> } {
  const pending: Promise<Bytes>[] = [];
  const onResponse = (response: import("playwright-core").Response) => {
    if (!isCode(response.url(), response.request().resourceType())) return;
    pending.push(
      response.body().then(
        (body) => ({ raw: body.length, gzip: gzipSync(body, { level: 9 }).length }),
        () => ({ raw: 0, gzip: 0 }),
      ),
    );
  };
  page.on("response", onResponse);
  return {
    async stop() {
      page.off("response", onResponse);
      const all = await Promise.all(pending);
      return all.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
    },
  };
}

/**
 * JS loaded by `url` up to two idle seconds after `load`, with the search still closed: the
 * files fetched and the scripts inlined in the HTML.
 */
export async function jsBeforeSearch(context: BrowserContext, url: string): Promise<Bytes> {
  const page = await context.newPage();
  try {
    const counter = countCode(page);
    await page.goto(url, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    // requestIdleCallback work (and what it imports) has had its chance.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 2000)));
    await page.waitForLoadState("networkidle");
    const inline = await page.$$eval("script:not([src])", (ss) =>
      ss.filter((s) => !/json/.test((s as HTMLScriptElement).type)).map((s) => s.textContent ?? ""),
    );
    const files = await counter.stop();
    const text = inline.join("\n");
    return { raw: files.raw + Buffer.byteLength(text), gzip: files.gzip + (text ? gzipSync(text, { level: 9 }).length : 0) };
  } finally {
    await page.close();
  }
}
