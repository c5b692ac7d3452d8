// A symptom is seen when its text appears verbatim in what a step printed (whitespace runs
// compared as one space, since terminals and logs wrap differently).

const squash = (s: string) => s.replace(/\s+/g, " ");

export function firstSeen(symptom: string, steps: ReadonlyArray<{ name: string; output: string }>): string | undefined {
  const want = squash(symptom);
  return steps.find((s) => squash(s.output).includes(want))?.name;
}
