/** Runs async tasks one at a time, in call order. */
export interface AsyncLock {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createAsyncLock(): AsyncLock {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
