// An etcd3 client that can only read: a Proxy with an allowlist of methods per object. Anything
// not listed — put, delete, lease, lock, txn, election, role/user objects, a method added in a
// future etcd3 — throws READ_ONLY when called, so a step wrongly left unmarked cannot write.
import type { Etcd3 } from "etcd3";
import { readOnlyError } from "./readonly.ts";

type Rule = true | { when: (...args: unknown[]) => boolean } | { returns: Rules };
interface Rules {
  [method: string]: Rule;
}

const isGetAction = (req: unknown) => {
  const action = (req as { action?: unknown } | undefined)?.action;
  return action === undefined || action === 0 || action === "Get" || action === "GET";
};

/** Reads on a namespace (the client itself is the root namespace). Builders returned by get/getAll/watch only read. */
const NAMESPACE: Rules = { get: true, getAll: true, watch: true, range: true };
NAMESPACE.namespace = { returns: NAMESPACE };

/** Raw RPC clients reachable as properties, and their read-only calls. */
const SUBCLIENTS: Record<string, Rules> = {
  maintenance: { status: true, hash: true, hashKV: true, snapshot: true, alarm: { when: isGetAction } },
  cluster: { memberList: true },
  kv: { range: true },
  auth: { authStatus: true, userList: true, userGet: true, roleList: true, roleGet: true },
};

const ROOT: Rules = { ...NAMESPACE, close: true };

function guard<T extends object>(target: T, rules: Rules, where: string, endpoints: readonly string[], subclients: Record<string, Rules> = {}): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof prop === "symbol") return typeof value === "function" ? (value as () => unknown).bind(t) : value;
      if (typeof value !== "function") {
        if (value && typeof value === "object") {
          const sub = subclients[prop];
          // An object we have no rules for (leaseClient, watchClient, pool…): no method of it runs.
          return guard(value, sub ?? {}, `${where}.${prop}`, endpoints);
        }
        return value;
      }
      const rule = rules[prop];
      const fn = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (!rule || (typeof rule === "object" && "when" in rule && !rule.when(...args))) throw readOnlyError(`${where}.${prop}()`, endpoints);
        const out = fn.apply(t, args);
        return typeof rule === "object" && "returns" in rule && out && typeof out === "object" ? guard(out, rule.returns, `${where}.${prop}()`, endpoints) : out;
      };
    },
    set() {
      return false;
    },
  });
}

export function readOnlyClient(client: Etcd3, endpoints: readonly string[]): Etcd3 {
  return guard(client, ROOT, "etcd", endpoints, SUBCLIENTS);
}
