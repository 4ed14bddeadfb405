import { GatewayHttpError } from '../../http/gateway-http-error.js';
import { record } from '../openai-compatible/openai-response-fields.js';

/** An OpenAI message content part (`{type: "text", text}`, `{type: "image_url", image_url: {url}}`, …). */
export type ContentPart = Record<string, unknown>;

/** A message's content as parts: a string is one text part, null or absent none. */
export function contentParts(content: unknown): ContentPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (Array.isArray(content)) return content.map((part) => record(part) ?? {});
  return [];
}

/**
 * The text of a message whose content must be text (system prompts, tool results): a string, or
 * its text parts joined with `separator`. Other parts are refused (422) for `what`.
 */
export function contentText(content: unknown, what: string, separator = '\n'): string {
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  for (const part of contentParts(content)) {
    if (part.type !== 'text' || typeof part.text !== 'string') {
      throw GatewayHttpError.unprocessable(
        `${what} must be text; a content part of type ${JSON.stringify(part.type ?? null)} cannot be sent.`,
      );
    }
    texts.push(part.text);
  }
  return texts.join(separator);
}

export interface InlineData {
  mediaType: string;
  /** Base64 data, as it was in the URL. */
  base64: string;
}

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w-]+=[^;,]*)*;base64,(.*)$/s;

/** The media type and base64 data of a `data:<type>;base64,<data>` URL, or undefined for other URLs. */
export function parseDataUrl(url: string): InlineData | undefined {
  const match = DATA_URL.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1]!.toLowerCase(), base64: match[2]! };
}

/** The URL of an `image_url` part (`{image_url: {url}}`, or the older `{image_url: "<url>"}`). */
export function imageUrlOf(part: ContentPart): string {
  const value = part.image_url;
  const url = typeof value === 'string' ? value : record(value)?.url;
  if (typeof url !== 'string' || url === '') {
    throw GatewayHttpError.unprocessable('An image_url content part needs image_url.url.');
  }
  return url;
}

/** Refuses a content part a vendor cannot take. */
export function unsupportedPart(part: ContentPart, vendor: string): GatewayHttpError {
  return GatewayHttpError.unprocessable(
    `${vendor} cannot take a content part of type ${JSON.stringify(part.type ?? null)}.`,
  );
}
