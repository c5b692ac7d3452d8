// How long a reader waits after a paste, in chromium on this machine: from the paste's input event
// to the first results on screen (the symptom matches, or the full text where the box waits for
// it) and to the full-text results. Cold: the first paste after the page opened (the search code,
// the symptom index and Pagefind load then); warm: the pastes after it.
import type { BrowserContext } from "playwright-core";
import { openBox, type Box } from "../../test/site/helpers/boxes.ts";

export interface Latency {
  box: Box;
  coldFirstMs: number;
  coldDoneMs: number;
  /** Medians and 95th percentiles over the warm pastes. */
  firstMedianMs: number;
  firstP95Ms: number;
  doneMedianMs: number;
  doneP95Ms: number;
  doneMaxMs: number;
  pastes: number;
}

const SELECTORS: Record<Box, { input: string; out: string }> = {
  header: { input: ".pb-dialog__input", out: ".pb-dialog__results" },
  home: { input: "#pb-symptom", out: ".pb-home-results" },
};

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

export async function pasteLatency(context: BrowserContext, siteUrl: string, box: Box, lines: string[]): Promise<Latency> {
  const page = await context.newPage();
  try {
    await openBox(page, siteUrl + (box === "header" ? "/faq/" : "/"), box);
    const times: { first: number; done: number }[] = [];
    for (const text of lines) {
      times.push(
        await page.evaluate(
          ({ sel, text }) =>
            new Promise<{ first: number; done: number }>((resolve) => {
              const input = document.querySelector<HTMLTextAreaElement>(sel.input)!;
              const out = document.querySelector<HTMLElement>(sel.out)!;
              const before = out.dataset.runs;
              let first = NaN;
              let started = 0;
              const observer = new MutationObserver(() => {
                const now = performance.now();
                const state = out.dataset.state;
                if (Number.isNaN(first) && (state === "partial" || (state === "done" && out.dataset.runs !== before))) first = now - started;
                if (state === "done" && out.dataset.runs !== before) {
                  observer.disconnect();
                  resolve({ first, done: now - started });
                }
              });
              observer.observe(out, { attributes: true });
              input.value = text;
              started = performance.now();
              input.dispatchEvent(new InputEvent("input", { inputType: "insertFromPaste", data: text, bubbles: true }));
            }),
          { sel: SELECTORS[box], text },
        ),
      );
    }
    const [cold, ...warm] = times;
    return {
      box,
      coldFirstMs: cold!.first,
      coldDoneMs: cold!.done,
      firstMedianMs: quantile(warm.map((t) => t.first), 0.5),
      firstP95Ms: quantile(warm.map((t) => t.first), 0.95),
      doneMedianMs: quantile(warm.map((t) => t.done), 0.5),
      doneP95Ms: quantile(warm.map((t) => t.done), 0.95),
      doneMaxMs: Math.max(...warm.map((t) => t.done)),
      pastes: warm.length,
    };
  } finally {
    await page.close();
  }
}
