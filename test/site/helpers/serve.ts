// A static file server for a built dist/ on 127.0.0.1 and a port from the OS, closed by the test.
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".txt": "text/plain", ".xml": "application/xml",
  ".woff2": "font/woff2", ".wasm": "application/wasm", ".pf_meta": "application/octet-stream",
};

function fileFor(dist: string, url: string): string | undefined {
  const path = normalize(decodeURIComponent(new URL(url, "http://x").pathname));
  if (path.includes("..")) return undefined;
  for (const candidate of [join(dist, path), join(dist, path, "index.html")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch { /* next */ }
  }
  return undefined;
}

export interface StaticServer extends AsyncDisposable {
  url: string;
  close(): Promise<void>;
}

export async function serve(dist: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const file = fileFor(dist, req.url ?? "/");
    const body = file ?? join(dist, "404.html");
    res.writeHead(file ? 200 : 404, { "content-type": TYPES[extname(body)] ?? "application/octet-stream" });
    createReadStream(body).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return { url: `http://127.0.0.1:${port}`, close, [Symbol.asyncDispose]: close };
}
