import type { FastifyReply } from 'fastify';

/**
 * Rule 24 of the tracking spec: with artifact serving off (`--no-serve-artifacts`) the proxied
 * artifact routes answer 503 with a plain-text explanation naming the route.
 */
export function sendArtifactsDisabled(reply: FastifyReply, route: string): FastifyReply {
  return reply
    .code(503)
    .header('content-type', 'text/plain; charset=utf-8')
    .send(
      `Endpoint: ${route} disabled due to the mlflow server running with \`--no-serve-artifacts\`. ` +
        'To serve artifacts, start the server with `--serve-artifacts`.',
    );
}
