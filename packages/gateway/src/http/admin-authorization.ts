import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayHttpError } from './gateway-http-error.js';

const CHALLENGE = 'Bearer realm="millrace-gateway"';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Checks `Authorization: Bearer <token>` against the admin token (compared in constant time). */
export interface AdminAuthorization {
  /** Throws 403 when the API is disabled (no token configured), 401 when the header is missing or wrong. */
  check(authorization: string | undefined): void;
}

/**
 * The endpoints API's guard. Without an admin token the write routes are disabled: 403 (the route
 * exists, the server refuses to act), so clients get a clear answer instead of a 404 that looks like
 * a wrong URL. With a token: a missing or different bearer token is 401 with a `WWW-Authenticate`
 * challenge.
 */
export function createAdminAuthorization(adminToken: string | undefined): AdminAuthorization {
  if (adminToken === undefined) {
    return {
      check() {
        throw new GatewayHttpError(
          403,
          'PERMISSION_DENIED',
          'The endpoints API is disabled: the gateway was started without an admin token.',
        );
      },
    };
  }
  const expected = digest(adminToken);
  return {
    check(authorization) {
      const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (match === null) {
        throw new GatewayHttpError(
          401,
          'UNAUTHENTICATED',
          'This route needs the gateway admin token: Authorization: Bearer <token>.',
          { headers: { 'www-authenticate': CHALLENGE } },
        );
      }
      if (!timingSafeEqual(digest(match[1]!), expected)) {
        throw new GatewayHttpError(401, 'UNAUTHENTICATED', 'The admin token is not valid.', {
          headers: { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` },
        });
      }
    },
  };
}
