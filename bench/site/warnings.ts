// Warnings that a build prints once per page: the same message with only a path changed.
export function repeatedWarnings(log: string, pages: number): string[] {
  const counts = new Map<string, number>();
  for (const line of log.split("\n")) {
    if (!/\[WARN\]|warning/i.test(line)) continue;
    const shape = line
      .replace(/^\d\d:\d\d:\d\d\s*/, "")
      .replace(/\S*entry-\d+\S*/g, "<page>")
      .replace(/\d+/g, "<n>");
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  // Repeated for a sizeable share of the pages: per-page noise, not a one-off.
  return [...counts].filter(([, c]) => c >= Math.max(2, pages / 10)).map(([shape, c]) => `${c}× ${shape.slice(0, 120)}`);
}
