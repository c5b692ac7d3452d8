// Starlight route middleware: our sidebar and pagination, and last-updated dates for playbooks/.
import { resolve } from "node:path";
import { defineRouteMiddleware } from "@astrojs/starlight/route-data";
import { getCollection } from "astro:content";
import site from "virtual:etcd-playbooks/site";
import { buildSidebar, markCurrent, prevNext, type NavPage } from "./sidebar.ts";
import { commitDates } from "./git-dates.ts";

type Sidebar = ReturnType<typeof buildSidebar>;
let template: Promise<Sidebar> | undefined;

async function navPages(): Promise<NavPage[]> {
  const entries = await getCollection("docs", (e) => !(import.meta.env.PROD && e.data.draft) && !e.data.sidebar.hidden);
  return entries.map((e) => ({ id: e.id, label: e.data.sidebar.label ?? e.data.title, area: e.data.area, order: e.data.sidebar.order }));
}

export const onRequest = defineRouteMiddleware(async (context) => {
  const route = context.locals.starlightRoute;
  // One sorted sidebar per build, marked per page; in dev every request re-reads, so new pages
  // show up live.
  const make = async () => buildSidebar(await navPages(), "", import.meta.env.BASE_URL);
  const sidebar = await (import.meta.env.DEV ? make() : (template ??= make()));
  route.sidebar = markCurrent(sidebar, context.url.pathname);
  const { prev, next } = prevNext(route.sidebar);
  route.pagination = {
    prev: route.entry.data.prev === false ? undefined : prev,
    next: route.entry.data.next === false ? undefined : next,
  };

  const file = resolve(site.root, route.entry.filePath);
  if (!file.startsWith(site.playbooksDir + "/")) return;
  route.lastUpdated ??= commitDates(site.playbooksDir).get(file);
});
