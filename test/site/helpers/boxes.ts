// Driving the two search boxes of the built site in chromium: the header's (every page, Ctrl K)
// and the home page's. A paste is an `input` event of type insertFromPaste on the box, as the
// browser fires it; `realPaste` goes through the clipboard and Ctrl V instead.
import type { Page } from "playwright-core";

export type Box = "header" | "home";
export const BOXES: Box[] = ["header", "home"];

const SELECTORS: Record<Box, { input: string; out: string }> = {
  header: { input: ".pb-dialog__input", out: ".pb-dialog__results" },
  home: { input: "#pb-symptom", out: ".pb-home-results" },
};

/** Opens `path` with the box ready to take text (the header's dialog open). */
export async function openBox(page: Page, url: string, box: Box): Promise<void> {
  await page.goto(url, { waitUntil: "load" });
  if (box === "header") {
    await page.keyboard.press("Control+k");
    await page.locator(SELECTORS.header.input).waitFor({ state: "visible" });
  } else {
    await page.locator(SELECTORS.home.input).focus();
  }
}

export interface Shown {
  /** Result pages in the order shown, each once. */
  hrefs: string[];
  /** The results' text as the reader sees it. */
  text: string;
  /** The new-entry link, when offered. */
  issue?: string;
  ms: number;
}

/** Pastes `text` into the box and waits for the search to finish. */
export function pasteInto(page: Page, box: Box, text: string): Promise<Shown> {
  return page.evaluate(
    async ({ sel, text }) => {
      const input = document.querySelector<HTMLTextAreaElement>(sel.input)!;
      const out = document.querySelector<HTMLElement>(sel.out)!;
      const before = out.dataset.runs;
      const started = performance.now();
      const finished = new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          if (out.dataset.runs !== before && out.dataset.state === "done") {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(out, { attributes: true });
      });
      input.value = text;
      input.dispatchEvent(new InputEvent("input", { inputType: "insertFromPaste", data: text, bubbles: true }));
      await finished;
      const hrefs = [...out.querySelectorAll<HTMLElement>("[data-result]")].map((li) => new URL(li.dataset.result!, location.href).pathname);
      return {
        hrefs: [...new Set(hrefs)],
        text: out.innerText,
        issue: out.querySelector<HTMLAnchorElement>(".pb-results__new-entry")?.href,
        ms: performance.now() - started,
      };
    },
    { sel: SELECTORS[box], text },
  );
}

/** Puts `text` on the clipboard and pastes it with Ctrl V into the focused box. */
export async function realPaste(page: Page, box: Box, text: string): Promise<Shown> {
  const sel = SELECTORS[box];
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  // Emptied without an input event: only the paste searches.
  await page.locator(sel.input).evaluate((el) => ((el as HTMLTextAreaElement).value = ""));
  const before = await page.locator(sel.out).getAttribute("data-runs");
  await page.locator(sel.input).focus();
  await page.keyboard.press("Control+v");
  await page.waitForFunction(
    ({ out, before }) => {
      const el = document.querySelector<HTMLElement>(out)!;
      return el.dataset.runs !== before && el.dataset.state === "done";
    },
    { out: sel.out, before },
  );
  const hrefs = await page.$$eval(`${sel.out} [data-result]`, (lis) => lis.map((li) => new URL((li as HTMLElement).dataset.result!, location.href).pathname));
  return { hrefs: [...new Set(hrefs)], text: await page.locator(sel.out).innerText(), ms: 0 };
}
