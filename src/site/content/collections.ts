// Content collections of the site. Both are plain glob loaders: the playbooks live in
// `playbooks/` at the repository root (the runner reads the same files), not in
// `src/content/docs/`, and CONTRIBUTING.md is rendered from the repository root.
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { playbookDocsSchema } from "./schema.ts";

/** Files whose name starts with `_` are partials, as in Starlight's own docs loader. */
const PLAYBOOK_PATTERN = "**/[^_]*.{md,mdx}";

/** Starlight's `docs` collection, loaded from `base` (relative to the Astro root). */
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
