import { MillraceError } from '@millrace/core';

/**
 * The JSON payloads of a `text/event-stream` body, one per event (`data:` lines joined). A
 * `data: [DONE]` event ends the stream (OpenAI's sentinel; MLflow's gateway just ends). An event
 * `{"error": …}` without choices (a gateway error after the stream began) is thrown as a MillraceError.
 */
export async function* parseServerSentEvents(
  body: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffered = '';
  let dataLines: string[] = [];

  function* dispatch(): Generator<unknown, boolean> {
    if (dataLines.length === 0) return false;
    const data = dataLines.join('\n');
    dataLines = [];
    if (data.trim() === '[DONE]') return true;
    let payload: unknown;
    try {
      payload = JSON.parse(data) as unknown;
    } catch {
      throw new MillraceError(
        'INTERNAL_ERROR',
        `The stream sent an event that is not JSON: ${data.slice(0, 200)}`,
      );
    }
    if (typeof payload === 'object' && payload !== null && 'error' in payload && !('choices' in payload)) {
      const error = (payload as { error: unknown }).error;
      const message =
        typeof error === 'string'
          ? error
          : typeof (error as { message?: unknown } | null)?.message === 'string'
            ? (error as { message: string }).message
            : JSON.stringify(error);
      throw new MillraceError('INTERNAL_ERROR', `The stream failed: ${message}`);
    }
    yield payload;
    return false;
  }

  for await (const chunk of body) {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffered.search(/\r\n|\r|\n/);
    while (newline !== -1) {
      const line = buffered.slice(0, newline);
      const separatorLength = buffered.startsWith('\r\n', newline) ? 2 : 1;
      buffered = buffered.slice(newline + separatorLength);
      if (line === '') {
        if (yield* dispatch()) return;
      } else if (line.startsWith('data:')) {
        dataLines.push(line.slice(5).replace(/^ /, ''));
      }
      // Comments (`:`), `event:`, `id:` and `retry:` lines carry nothing the client needs.
      newline = buffered.search(/\r\n|\r|\n/);
    }
  }
  buffered += decoder.decode();
  if (buffered.startsWith('data:')) dataLines.push(buffered.slice(5).replace(/^ /, ''));
  yield* dispatch();
}
