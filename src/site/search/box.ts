// A search box at work: runs the engine as the reader types or pastes and keeps the results in
// step with the text. A paste searches at once; typing waits for a pause, as Starlight's does.
// The results element says where it is: data-state "searching", "partial" (symptom matches in,
// full text to come) or "done", and data-runs counts finished searches (the tests wait on them).
import type { BoxKind, SearchEngine } from "./engine.ts";
import { renderOutcome } from "./render.ts";

const TYPING_PAUSE_MS = 150;

export function bindBox(engine: SearchEngine, kind: BoxKind, input: HTMLTextAreaElement | HTMLInputElement, out: HTMLElement): { run(): Promise<void> } {
  let current = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let runs = 0;

  async function run(): Promise<void> {
    clearTimeout(timer);
    const id = ++current;
    const text = input.value;
    if (!text.trim()) {
      out.replaceChildren();
      out.dataset.state = "done";
      out.dataset.runs = String(++runs);
      return;
    }
    out.dataset.state = "searching";
    const outcome = await engine.run(text, kind, (partial) => {
      if (id !== current) return;
      renderOutcome(out, partial, false);
      out.dataset.state = "partial";
    });
    // A newer search started meanwhile: its results win.
    if (id !== current) return;
    renderOutcome(out, outcome, true);
    out.dataset.state = "done";
    out.dataset.runs = String(++runs);
  }

  input.addEventListener("input", (event) => {
    const pasted = (event as InputEvent).inputType === "insertFromPaste" || (event as InputEvent).inputType === "insertFromDrop";
    clearTimeout(timer);
    if (pasted) void run();
    else timer = setTimeout(() => void run(), TYPING_PAUSE_MS);
  });
  return { run };
}
