import { GatewayHttpError } from '../http/gateway-http-error.js';

function isJsonMediaType(contentType: string): boolean {
  if (contentType === 'application/json') return true;
  const media = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

const POSITION = / at position (\d+)/;
const QUOTED_INPUT = /, ".*" is not valid JSON$/s;

/**
 * Parses a request body once, as FastAPI decides: no content type or a JSON media type → JSON
 * (a syntax error is a 422 `json_invalid` with the character position, never echoing the body);
 * any other content type → the raw text, which then fails validation as "not an object"; no body
 * at all → 422 `missing`.
 */
export function parseJsonBody(text: string | undefined, contentType: string | undefined): unknown {
  if (text === undefined || text === '') {
    throw GatewayHttpError.validation([
      { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
    ]);
  }
  if (contentType !== undefined && contentType !== '' && !isJsonMediaType(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = POSITION.exec(message);
    const description = message
      .replace(POSITION, '')
      .replace(QUOTED_INPUT, '')
      .replace(/ in JSON$/, '');
    const at =
      position === null
        ? message.startsWith('Unexpected end')
          ? text.length
          : undefined
        : Number(position[1]);
    throw GatewayHttpError.validation([
      {
        type: 'json_invalid',
        loc: at === undefined ? ['body'] : ['body', at],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: description },
      },
    ]);
  }
}
