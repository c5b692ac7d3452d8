import { z } from "zod";

/** A duration: milliseconds as a number, or a string like `"500ms"`, `"30s"`, `"2m"`. */
export type Duration = number | `${number}ms` | `${number}s` | `${number}m`;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/** Milliseconds of a duration, or `undefined` if it is not one. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/**
 * The limit a caller gave, in ms: `fallback` when none was given (or it is not a duration), and 0
 * for 0 — no time at all (a stop with timeout 0 kills at once, a leader() with 0 asks once).
 */
export function limitMs(value: Duration | undefined, fallback: number): number {
  if (value === 0) return 0;
  return value === undefined ? fallback : (parseDuration(value) ?? fallback);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  return `${+(ms / 60_000).toFixed(1)} min`;
}

/** Parses to milliseconds. */
export const durationSchema = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({ code: "custom", message: `not a duration: ${JSON.stringify(v)}; write 500ms, 30s or 2m` });
      return z.NEVER;
    }
    return ms;
  });
