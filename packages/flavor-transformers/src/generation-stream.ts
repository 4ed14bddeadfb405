import { createAsyncQueue } from './async-queue.js';
import type { GenerationRequest, GenerationResult, TextGenerator } from './text-generator.js';

export type GenerationEvent = { kind: 'text'; text: string } | { kind: 'end'; result: GenerationResult };

/**
 * Runs one generation and yields its text as it becomes final, then its result. Generation runs
 * at its own pace (pieces wait in a queue for a slow reader); when the reader stops early or
 * `signal` aborts, generation stops at the next token.
 */
export async function* streamGeneration(
  generator: TextGenerator,
  request: Omit<GenerationRequest, 'onText' | 'signal'>,
  signal: AbortSignal | undefined,
): AsyncGenerator<GenerationEvent> {
  const queue = createAsyncQueue<string>();
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  signal?.addEventListener('abort', abort);
  const running = generator.generate({
    ...request,
    signal: controller.signal,
    onText: (text) => queue.push(text),
  });
  running.then(
    () => queue.close(),
    (error: unknown) => queue.fail(error),
  );
  try {
    for await (const text of queue) {
      yield { kind: 'text', text };
    }
    yield { kind: 'end', result: await running };
  } finally {
    controller.abort();
    signal?.removeEventListener('abort', abort);
    await running.catch(() => undefined);
  }
}
