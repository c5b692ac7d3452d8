// Bytes one page costs a reader: its HTML, the stylesheets it links and the JavaScript it loads
// before `load` (script tags and their static imports; Pagefind's on-demand search is not).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

export interface Bytes {
  raw: number;
  gzip: number;
}
export interface PageBytes {
  html: Bytes;
  css: Bytes;
  js: Bytes;
}

const size = (text: string): Bytes => ({ raw: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length });
const add = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });
const ZERO: Bytes = { raw: 0, gzip: 0 };

function local(dist: string, from: string, url: string): string | undefined {
  if (/^[a-z]+:/i.test(url) || url.startsWith("//")) return undefined;
  const path = url.startsWith("/") ? join(dist, url) : join(dirname(from), url);
  return existsSync(path) ? path : undefined;
}

/** Code and every module it imports statically, each module counted once. */
function withImports(dist: string, from: string, code: string, seen: Set<string>): Bytes {
  let total = size(code);
  for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) {
    const dep = local(dist, from, m[1]!);
    if (dep && !seen.has(dep)) {
      seen.add(dep);
      total = add(total, withImports(dist, dep, readFileSync(dep, "utf8"), seen));
    }
  }
  return total;
}

export function pageBytes(dist: string, pagePath: string): PageBytes {
  const file = join(dist, pagePath, "index.html");
  const html = readFileSync(file, "utf8");
  let css = ZERO;
  const cssSeen = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+rel="?stylesheet"?[^>]*href="([^"]+)"/g)) {
    const path = local(dist, file, m[1]!);
    if (path && !cssSeen.has(path)) {
      cssSeen.add(path);
      css = add(css, size(readFileSync(path, "utf8")));
    }
  }
  for (const m of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) css = add(css, size(m[1]!));
  let js = ZERO;
  const jsSeen = new Set<string>();
  for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1]!;
    if (/type="application\/(ld\+)?json"/.test(attrs)) continue;
    const src = /src="([^"]+)"/.exec(attrs)?.[1];
    const path = src ? local(dist, file, src) : undefined;
    if (path && !jsSeen.has(path)) {
      jsSeen.add(path);
      js = add(js, withImports(dist, path, readFileSync(path, "utf8"), jsSeen));
    } else if (!src) {
      js = add(js, withImports(dist, file, m[2]!, jsSeen));
    }
  }
  return { html: size(html), css, js };
}
