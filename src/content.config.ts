import { contributingCollection, playbooksCollection } from "./site/content/collections.ts";

export const collections = {
  docs: playbooksCollection("./playbooks"),
  contributing: contributingCollection("."),
};
