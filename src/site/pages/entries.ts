// The playbook entries the site's own pages list (drafts left out of production builds).
import { getCollection, type CollectionEntry } from "astro:content";
import { pageHref } from "../nav/sidebar.ts";

export type PlaybookEntry = CollectionEntry<"docs">;

export async function playbookEntries(): Promise<PlaybookEntry[]> {
  return getCollection("docs", (e) => e.id !== "index" && !(import.meta.env.PROD && e.data.draft));
}

export const hrefOf = (e: PlaybookEntry) => pageHref(e.id, import.meta.env.BASE_URL);
