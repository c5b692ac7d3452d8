// Content collections of the site. Both are plain glob loaders: the playbooks live in
// `playbooks/` at the repository root (the runner reads the same files), not in
// `src/content/docs/`, and CONTRIBUTING.md is rendered from the repository root.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineCollection } from "astro:content";
import { glob, type Loader } from "astro/loaders";
import { i18nSchema } from "@astrojs/starlight/schema";
import { PLAYBOOK_PATTERN } from "../../runner/playbooks/index.ts";
import { playbookDocsSchema } from "./schema.ts";

/**
 * A digest of the shared schema's sources. Astro keeps parsed entries in its data store keyed by
 * each file's content, not by the schema that parsed them, so a change to the schema kept serving
 * data of the old shape (seen: symptoms still plain strings after they became `{ text, etcd }`).
 */
function schemaDigest(): string {
  const dir = fileURLToPath(new URL("../../schema/", import.meta.url));
  const hash = createHash("sha1");
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".ts")).sort()) hash.update(name).update(readFileSync(dir + name));
  return hash.digest("hex");
}

/** The glob loader, with its stored entries dropped whenever the shared schema changed. */
function playbookLoader(base: string): Loader {
  const inner = glob({ base, pattern: PLAYBOOK_PATTERN });
  return {
    name: "etcd-playbooks",
    load: async (context) => {
      const digest = schemaDigest();
      if (context.meta.get("schema-digest") !== digest) {
        context.store.clear();
        context.meta.set("schema-digest", digest);
      }
      return inner.load(context);
    },
  };
}

/** Starlight's `docs` collection: the playbooks under `base` (relative to the Astro root), as the runner finds them. */
export function playbooksCollection(base = "./playbooks") {
  return defineCollection({
    loader: playbookLoader(base),
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
