import { describe, expect, it } from 'vitest';
import { createAsyncLock } from '../src/async-lock.js';
import { createAsyncQueue } from '../src/async-queue.js';

describe('createAsyncQueue', () => {
  it('yields pushed items in order, waiting for late ones, until closed', async () => {
    const queue = createAsyncQueue<string>();
    queue.push('a');
    setTimeout(() => {
      queue.push('b');
      queue.close();
    }, 5);
    const items: string[] = [];
    for await (const item of queue) {
      items.push(item);
    }
    expect(items).toEqual(['a', 'b']);
  });

  it('ends with the failure after the queued items', async () => {
    const queue = createAsyncQueue<number>();
    queue.push(1);
    queue.fail(new Error('boom'));
    const items: number[] = [];
    await expect(
      (async () => {
        for await (const item of queue) {
          items.push(item);
        }
      })(),
    ).rejects.toThrow('boom');
    expect(items).toEqual([1]);
  });
});

describe('createAsyncLock', () => {
  it('runs tasks one at a time in call order, past failures', async () => {
    const lock = createAsyncLock();
    const events: string[] = [];
    const task =
      (name: string, fail = false) =>
      async (): Promise<string> => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        events.push(`end ${name}`);
        if (fail) {
          throw new Error(name);
        }
        return name;
      };
    const results = await Promise.allSettled([
      lock.run(task('a')),
      lock.run(task('b', true)),
      lock.run(task('c')),
    ]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
