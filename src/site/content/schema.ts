// The docs collection schema: Starlight's own frontmatter schema extended with the playbook
// fields that the runner also validates (src/schema/frontmatter.ts), so one MDX file means the
// same thing to the site and to the runner.
import { docsSchema } from "@astrojs/starlight/schema";
import { z } from "zod";
import { playbookFields } from "../../schema/frontmatter.ts";

/**
 * Keys whose shape belongs to Starlight. The shared schema accepts them loosely (`z.unknown()`),
 * and Starlight's deep merge lets a user field replace its own, so passing them on would erase
 * Starlight's defaults (e.g. `sidebar.hidden`, `pagefind: true`). We leave them to Starlight.
 */
const STARLIGHT_KEYS = {
  sidebar: true, pagefind: true, draft: true, tableOfContents: true, editUrl: true, head: true,
  lastUpdated: true, prev: true, next: true, template: true, hero: true, banner: true,
} as const;

/**
 * Strict, like the runner's parse: a misspelt key (`symptom:`) fails the build naming the key
 * instead of being dropped silently.
 */
export const playbookDocsSchema = docsSchema({ extend: z.object(playbookFields).omit(STARLIGHT_KEYS).strict() });
