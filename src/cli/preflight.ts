// What the CLI checks before it starts Vitest, so that a problem with the whole run is one
// paragraph instead of a stack trace out of a global set-up: the etcd binary of each series (an
// unusable series is reported and dropped; the others still run), and whether --endpoints answer.
import { isPlaybookError, type PlaybookError } from "../runner/errors.ts";
import { connectEndpoints, resolveEtcd, type EtcdSeries } from "../runner/etcd/index.ts";
import type { EndpointsTarget } from "../runner/vitest/settings.ts";

export interface SeriesCheck {
  /** Series whose binaries were found (or provisioned); the run goes on with these. */
  usable: string[];
  /** Why each other series cannot run. */
  problems: { series: string; error: PlaybookError }[];
}

/** Finds every series' binaries (downloading where needed, outside any step's time limit). */
export async function checkSeries(series: string[], onProgress: (line: string) => void): Promise<SeriesCheck> {
  const usable: string[] = [];
  const problems: SeriesCheck["problems"] = [];
  for (const s of series) {
    try {
      await resolveEtcd({ series: s as EtcdSeries, onProgress });
      usable.push(s);
    } catch (error) {
      if (!isPlaybookError(error)) throw error;
      problems.push({ series: s, error });
    }
  }
  return { usable, problems };
}

/** Throws ENDPOINT_UNREACHABLE (or TLS_FILE_MISSING) once, before any playbook is started. */
export async function checkEndpoints(target: EndpointsTarget): Promise<void> {
  const cluster = await connectEndpoints({
    endpoints: target.endpoints,
    ...(target.tls ? { tls: target.tls } : {}),
    ...(target.user ? { user: target.user } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
  });
  await cluster.teardown();
}
