// A data dir on a filesystem of its own, a tmpfs of a given size, for a page that needs a real
// full disk (ENOSPC from the kernel, not from a tracer). Mounting needs root (CAP_SYS_ADMIN); the
// error says so when the machine does not allow it. The mount is made at the member's first start
// with a size, resized when a later start asks for another, and unmounted at teardown (the
// reaper unmounts what a dead run left: runs/reaper.ts).
import { mkdir, rename, rm } from "node:fs/promises";
import { mountsUnderSync, runProcess, toolFailure } from "../../os/index.ts";
import { PlaybookError } from "../../errors/index.ts";

async function mount(args: string[]): Promise<string | undefined> {
  const r = await runProcess("mount", args, { env: process.env, timeoutMs: 10_000 });
  return toolFailure("mount", r);
}

/** Mounts (or resizes) a tmpfs of `bytes` at `dir`. */
export async function mountSmallFs(dir: string, bytes: number): Promise<void> {
  const mounted = mountsUnderSync(dir).includes(dir);
  const options = `size=${bytes},mode=0700`;
  if (!mounted && process.getuid?.() !== 0) {
    throw new PlaybookError("FAULT_UNAVAILABLE", `a data dir on a filesystem of its own needs root to mount a tmpfs, and this runner runs as uid ${process.getuid?.()}`, {
      hint: "Run as root (CI does), or fill the disk with strace instead: disk: { full: true }.",
    });
  }
  if (!mounted) await mkdir(dir, { recursive: true, mode: 0o700 });
  const failed = await mount(mounted ? ["-o", `remount,${options}`, dir] : ["-t", "tmpfs", "-o", options, "tmpfs", dir]);
  if (failed) {
    throw new PlaybookError("FAULT_UNAVAILABLE", `cannot mount a ${bytes}-byte tmpfs at ${dir}: ${failed}`, {
      hint: "This machine does not allow mounts here (a container without CAP_SYS_ADMIN?); fill the disk with strace instead: disk: { full: true }.",
    });
  }
}

/**
 * Unmounts every mount at or below `dir` (lazily: a process still inside does not block it). With
 * `keep`, the contents are copied out first and put back in the now plain dir: a failed
 * playbook's data is kept, small filesystem or not.
 */
export async function unmountUnder(dir: string, options: { keep?: boolean } = {}): Promise<string[]> {
  const errors: string[] = [];
  for (const point of mountsUnderSync(dir)) {
    const saved = `${point}.kept`;
    const copied = options.keep ? toolFailure("cp", await runProcess("cp", ["-a", point, saved], { env: process.env, timeoutMs: 60_000 })) : "not asked";
    if (options.keep && copied) errors.push(`keeping ${point} before unmounting it: ${copied}`);
    const failed = toolFailure("umount", await runProcess("umount", ["-l", point], { env: process.env, timeoutMs: 10_000 }));
    if (failed) {
      errors.push(`unmounting ${point}: ${failed}`);
      continue;
    }
    if (!copied) {
      await rm(point, { recursive: true, force: true });
      await rename(saved, point).catch((e: Error) => errors.push(`putting back ${point}: ${e.message}`));
    }
  }
  return errors;
}
