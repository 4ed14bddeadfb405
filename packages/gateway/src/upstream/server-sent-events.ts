/** One event of an upstream `text/event-stream`. */
export interface ServerSentEvent {
  /** The `event:` field, or undefined for the default `message` event. */
  event: string | undefined;
  /** The `data:` lines joined with `\n`. */
  data: string;
}

/**
 * Parses an SSE byte stream into events per the WHATWG rules: lines end with `\n`, `\r\n` or `\r`,
 * a blank line dispatches the event, `:` lines are comments, a single space after the field's colon
 * is optional (`data:{…}` is as valid as `data: {…}`), chunks may split anywhere (even inside a
 * UTF-8 character). An event still pending when the stream ends cleanly is dispatched too.
 */
export async function* readServerSentEvents(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let dataLines: string[] = [];
  let eventName: string | undefined;
  let skipLeadingNewline = false;

  const takeLine = (line: string): ServerSentEvent | undefined => {
    if (line === '') {
      if (dataLines.length === 0) {
        eventName = undefined;
        return undefined;
      }
      const event = { event: eventName, data: dataLines.join('\n') };
      dataLines = [];
      eventName = undefined;
      return event;
    }
    if (line.charCodeAt(0) === 58 /* : */) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
    if (field === 'data') dataLines.push(value);
    else if (field === 'event') eventName = value;
    return undefined;
  };

  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    if (skipLeadingNewline && buffer.charCodeAt(0) === 10) start = 1;
    skipLeadingNewline = false;
    for (let index = start; index < buffer.length; index += 1) {
      const code = buffer.charCodeAt(index);
      if (code !== 10 && code !== 13) continue;
      const event = takeLine(buffer.slice(start, index));
      if (code === 13) {
        if (index + 1 < buffer.length) {
          if (buffer.charCodeAt(index + 1) === 10) index += 1;
        } else {
          skipLeadingNewline = true;
        }
      }
      start = index + 1;
      if (event !== undefined) yield event;
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.decode();
  if (buffer !== '') {
    const event = takeLine(buffer);
    if (event !== undefined) yield event;
  }
  if (dataLines.length > 0) yield { event: eventName, data: dataLines.join('\n') };
}
