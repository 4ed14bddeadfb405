import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { BedrockConfig } from './bedrock-config.js';

/** Signs (or authorises) one Bedrock Runtime POST: the headers to send, auth included. */
export type BedrockRequestSigner = (
  path: string,
  body: string,
  accept: string,
) => Promise<Record<string, string>>;

/** AWS's signing name of the Bedrock Runtime API. */
const SIGNING_SERVICE = 'bedrock';

/**
 * Access keys sign each request with SigV4 (`@smithy/signature-v4`, the AWS SDK's signer, over
 * method, path, host, content type, accept and the body's SHA-256); a bearer token is sent as
 * `Authorization: Bearer`. The `host` header is signed and sent explicitly so both match.
 */
export function createBedrockRequestSigner(config: BedrockConfig): BedrockRequestSigner {
  const url = config.endpointUrl;
  const host = url.host;
  const credentials = config.credentials;
  if (credentials.kind === 'bearer-token') {
    const authorization = `Bearer ${credentials.token.reveal()}`;
    return async (_path, _body, accept) => ({ 'content-type': 'application/json', accept, authorization });
  }
  const signer = new SignatureV4({
    service: SIGNING_SERVICE,
    region: config.region,
    credentials: {
      accessKeyId: credentials.accessKeyId.reveal(),
      secretAccessKey: credentials.secretAccessKey.reveal(),
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken.reveal() }),
    },
    sha256: Sha256,
  });
  const port = url.port === '' ? undefined : Number(url.port);
  return async (path, body, accept) => {
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(port === undefined ? {} : { port }),
      path,
      query: {},
      headers: { host, 'content-type': 'application/json', accept },
      body,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) headers[name] = String(value);
    return headers;
  };
}
