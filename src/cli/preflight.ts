// What the CLI checks before it starts Vitest, so that a problem with the whole run is one
// paragraph instead of a stack trace out of a global set-up: the etcd binaries of each wanted
// version — resolved here once, and handed to the projects so nobody resolves them again (an
// unusable series is reported and dropped; the others still run) — and whether --endpoints answer.
import { connectEndpoints, resolveEtcd, type EtcdBinary, type WantedEtcd } from "../runner/etcd/index.ts";
import { isPlaybookError, type PlaybookError } from "../runner/errors/index.ts";
import type { EndpointsTarget } from "../runner/vitest/index.ts";

export interface SeriesCheck {
  /** The binaries of each version that can run, in the order asked. */
  usable: { want: WantedEtcd; etcd: EtcdBinary }[];
  /** Why each other version cannot run. */
  problems: { series: string; error: PlaybookError }[];
}

/** Finds (or provisions, outside any step's time limit) the binaries of every wanted version. */
export async function checkSeries(wanted: WantedEtcd[], onProgress: (line: string) => void): Promise<SeriesCheck> {
  const check: SeriesCheck = { usable: [], problems: [] };
  for (const want of wanted) {
    try {
      check.usable.push({ want, etcd: await resolveEtcd({ ...want, onProgress }) });
    } catch (error) {
      if (!isPlaybookError(error)) throw error;
      check.problems.push({ series: want.exact ?? want.series, error });
    }
  }
  return check;
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
