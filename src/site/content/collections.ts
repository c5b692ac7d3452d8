// Content collections of the site. Both are plain glob loaders: the playbooks live in
// `playbooks/` at the repository root (the runner reads the same files), not in
// `src/content/docs/`, and CONTRIBUTING.md is rendered from the repository root.
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { i18nSchema } from "@astrojs/starlight/schema";
import { PLAYBOOK_PATTERN } from "../../runner/playbooks/index.ts";
import { playbookDocsSchema } from "./schema.ts";

/** Starlight's `docs` collection: the playbooks under `base` (relative to the Astro root), as the runner finds them. */
export function playbooksCollection(base = "./playbooks") {
  return defineCollection({
    loader: glob({ base, pattern: PLAYBOOK_PATTERN }),
    schema: playbookDocsSchema,
  });
}

/** CONTRIBUTING.md at the Astro root, rendered on /contributing/. */
export function contributingCollection(base = ".") {
  return defineCollection({ loader: glob({ base, pattern: "CONTRIBUTING.md" }) });
}

/**
 * Starlight's UI strings that say something else on this site. "Last updated" beside a playbook
 * read as "last checked"; the date is the file's last commit, while the verification table says
 * when the steps last ran. Held here rather than in src/content/i18n/ so the test fixture sites,
 * which share this content config, get the same strings.
 */
const UI_STRINGS = { "page.lastUpdated": "Text last edited:" };

export function uiStringsCollection() {
  return defineCollection({
    loader: {
      name: "etcd-playbooks-ui-strings",
      load: async ({ store, parseData }) => {
        store.clear();
        store.set({ id: "en", data: await parseData({ id: "en", data: UI_STRINGS }) });
      },
    },
    schema: i18nSchema(),
  });
}
