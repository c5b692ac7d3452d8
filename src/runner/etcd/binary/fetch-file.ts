// HTTP downloads for provisioning: bounded in time, hashed while streaming, with progress.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { once } from "node:events";

/** The network could not be reached (refused, no DNS, timed out) — as opposed to bad content. */
export class NetworkError extends Error {}

function describe(url: string, error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `${url}: timed out`;
  const cause = e.cause?.code ?? e.cause?.message;
  return `${url}: ${e.message}${cause ? ` (${cause})` : ""}`;
}

async function get(url: string, signal: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (error) {
    throw new NetworkError(describe(url, error), { cause: error });
  }
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return res;
}

export async function fetchBytes(url: string, signal: AbortSignal): Promise<Buffer> {
  const res = await get(url, signal);
  try {
    return Buffer.from(await res.arrayBuffer());
  } catch (error) {
    throw new NetworkError(describe(url, error), { cause: error });
  }
}

export interface DownloadResult {
  sha256: string;
  size: number;
}

/** Streams `url` into `file`, hashing as it goes; `onPercent` sees 0..100 as bytes arrive. */
export async function downloadFile(url: string, file: string, signal: AbortSignal, onPercent?: (percent: number) => void): Promise<DownloadResult> {
  const res = await get(url, signal);
  const total = Number(res.headers.get("content-length")) || 0;
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  let size = 0;
  try {
    if (!res.body) throw new Error(`${url}: empty response`);
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.length;
      if (!out.write(chunk)) await once(out, "drain");
      if (total > 0) onPercent?.(Math.min(100, Math.floor((size / total) * 100)));
    }
  } catch (error) {
    out.destroy();
    throw error instanceof Error && error.message.startsWith(url) ? error : new NetworkError(describe(url, error), { cause: error });
  }
  out.end();
  await once(out, "close");
  return { sha256: hash.digest("hex"), size };
}
