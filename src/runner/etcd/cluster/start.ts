// Starting the members of the frontmatter's shape together, retried on fresh ports when another
// process took one between our choice and etcd's bind.
import type { Duration } from "../../../schema/duration.ts";
import { EtcdStartError } from "../../errors/index.ts";
import { freePorts, releasePorts } from "../../os/index.ts";
import type { ManagedMember } from "../member/index.ts";

/** How often the initial start is retried when a port was taken between choosing and binding it. */
const PORT_RETRIES = 3;

/** Starts `initial` in parallel and waits until each serves a linearizable read; `bootstrap` recomputes their flags after new ports. */
export async function startInitial(initial: readonly ManagedMember[], bootstrap: () => void, options: { timeout?: Duration } = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const starts = initial.map((m) => m.start({ wait: "ready", ...(options.timeout ? { timeout: options.timeout } : {}) }));
    for (const s of starts) s.catch(() => undefined); // each is awaited below; no unhandled rejection meanwhile
    try {
      await Promise.all(starts);
      return;
    } catch (error) {
      // The first failure wins at once: a member that cannot start must not make the caller wait
      // out the others' time limit. Those still starting are the teardown's to stop.
      const portTaken = error instanceof EtcdStartError && error.failure === "port-in-use";
      if (!portTaken || attempt >= PORT_RETRIES) throw error;
    }
    // Another process took a port between our probe and etcd's bind. Every member's
    // --initial-cluster names every peer port, so all restart with fresh ports and data. (Behind
    // proxies the advertised ports stay; the proxies follow the members' new own ports.)
    await Promise.allSettled(initial.map((m) => m.stop({ timeout: 1_000 })));
    await Promise.allSettled(starts);
    for (const m of initial) {
      const [c, p] = await freePorts(2);
      await m.wipe();
      releasePorts(m.ports);
      m.setPorts(c!, p!);
    }
    bootstrap();
  }
}
