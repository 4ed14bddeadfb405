import { GatewayHttpError } from '../http/gateway-http-error.js';
import type { UpstreamResponse } from './call-upstream.js';
import type { Redactor } from './secret-redactor.js';
import {
  isJsonContentType,
  isTextPlainContentType,
  unsupportedContentTypeError,
  upstreamStatusError,
} from './upstream-error.js';

/**
 * The upstream's JSON answer, or the gateway's error for it: a non-2xx status is relayed per
 * `upstreamStatusError`; a 2xx that is not parseable JSON is a 502 (MLflow answers a bare 500).
 */
export function parseUpstreamAnswer(response: UpstreamResponse, text: string, redact: Redactor): unknown {
  const status = response.statusCode;
  if (status < 200 || status >= 300) {
    throw upstreamStatusError(status, response.contentType, response.retryAfter, text, redact);
  }
  if (isJsonContentType(response.contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw GatewayHttpError.badGateway(
        `The upstream answered invalid JSON (${text.length} characters declared as ${response.contentType}).`,
      );
    }
  }
  if (isTextPlainContentType(response.contentType)) {
    throw GatewayHttpError.badGateway('The upstream answered text/plain where JSON was expected.');
  }
  throw unsupportedContentTypeError(response.contentType);
}
