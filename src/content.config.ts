import { contributingCollection, playbooksCollection, uiStringsCollection } from "./site/content/collections.ts";

export const collections = {
  docs: playbooksCollection("./playbooks"),
  contributing: contributingCollection("."),
  i18n: uiStringsCollection(),
};
