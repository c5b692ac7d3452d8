// The symptom index the home page's search loads: every page that lists symptoms.
import type { APIRoute } from "astro";
import type { SymptomEntry } from "../search/match.ts";
import { hrefOf, playbookEntries } from "./entries.ts";

export const GET: APIRoute = async () => {
  const entries: SymptomEntry[] = (await playbookEntries())
    .filter((e) => e.data.symptoms.length > 0)
    .map((e) => ({ title: e.data.title, href: hrefOf(e), area: e.data.area, cause: e.data.cause, symptoms: e.data.symptoms.map((s) => s.text) }));
  return new Response(JSON.stringify(entries), { headers: { "content-type": "application/json" } });
};
