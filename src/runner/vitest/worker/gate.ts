// Couples the one async function holding all steps of a playbook to Vitest's tests, one per step:
// the function waits at each step's start until that step's test runs (`begin`), and the test
// waits until the function reaches the step's end (`end`) or throws.

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class StepGate {
  private readonly opened: Deferred<boolean>[];
  private readonly finished: Deferred<void>[];
  /** Index of the step the body is in, or -1 before the first. */
  current = -1;

  constructor(count: number) {
    this.opened = Array.from({ length: count }, () => deferred<boolean>());
    this.finished = Array.from({ length: count }, () => deferred<void>());
    // A step that is never reached must not raise an unhandled rejection.
    for (const f of this.finished) f.promise.catch(() => {});
  }

  /** Called by the body at a step's start; resolves `false` when the step is to be skipped. */
  begin(index: number): Promise<boolean> {
    this.current = index;
    return this.opened[index]!.promise;
  }

  /** Called by the body at a step's end. */
  end(index: number): void {
    this.finished[index]!.resolve();
  }

  /** Called by step `index`'s test: lets the body run it (or skip it) and waits for its end. */
  run(index: number, execute: boolean): Promise<void> {
    this.opened[index]!.resolve(execute);
    // A skipped step's block is never entered, so its end() never comes.
    if (!execute) this.finished[index]!.resolve();
    return this.finished[index]!.promise;
  }

  /** The body threw: the step it was in fails with that error (the first step, if it was in none). */
  fail(error: unknown): void {
    this.finished[Math.max(this.current, 0)]?.reject(error);
  }
}
