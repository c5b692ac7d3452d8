// The index both search boxes load when first used: every playbook page, with its symptoms (text
// and the versions that print it). Pages without symptoms are listed too: a pasted line's
// full-text results are among the playbook pages.
import type { APIRoute } from "astro";
import type { SymptomEntry } from "../search/match.ts";
import { hrefOf, playbookEntries } from "./entries.ts";

export const GET: APIRoute = async () => {
  const entries: SymptomEntry[] = (await playbookEntries()).map((e) => ({
    title: e.data.title,
    href: hrefOf(e),
    ...(e.data.area ? { area: e.data.area } : {}),
    ...(e.data.cause ? { cause: e.data.cause } : {}),
    symptoms: e.data.symptoms.map((s) => (s.etcd ? { text: s.text, etcd: s.etcd } : { text: s.text })),
  }));
  return new Response(JSON.stringify(entries), { headers: { "content-type": "application/json" } });
};
