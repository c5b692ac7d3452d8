// What steps call etcdctl through: the real binary, aimed at the cluster.
import type { CommandOptions, CommandResult } from "../../types.ts";

/** `etcdctl("endpoint", "status", "-w", "json")` runs the real etcdctl (API v3) against the cluster. */
export interface Etcdctl {
  (...args: string[]): Promise<CommandResult>;
  /** The same with options, e.g. `etcdctl.with({ timeout: "20s" })("snapshot", "save", file)`. */
  with(options: CommandOptions & { endpoints?: string[] }): (...args: string[]) => Promise<CommandResult>;
}
