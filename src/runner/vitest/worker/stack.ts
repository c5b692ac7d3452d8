// Finds the MDX line of a failing statement in an error's stack. The generated module keeps every
// step line at its MDX line (see ../../playbooks/codegen.ts), so the frame's line is the MDX line.

export function locateInStack(stack: string | undefined, file: string, from: number, to = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!stack) return undefined;
  const suffix = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const frame = new RegExp(`${suffix}(?:\\?[^:]*)?:(\\d+):\\d+`, "g");
  for (const m of stack.matchAll(frame)) {
    const line = Number(m[1]);
    if (line >= from && line <= to) return line;
  }
  return undefined;
}
