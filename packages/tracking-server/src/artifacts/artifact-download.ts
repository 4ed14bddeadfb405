import { artifactBaseName, type ArtifactRepository } from '@millrace/store';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { guessArtifactMimeType } from './artifact-mime-type.js';
import { attachmentDisposition } from './content-disposition.js';

/**
 * Streams an artifact file as MLflow serves downloads: as an attachment (never rendered by a
 * browser on the server's origin), with a guessed Content-Type, `X-Content-Type-Options: nosniff`
 * and the file's length. A missing file is 404 RESOURCE_DOES_NOT_EXIST (MLflow 3.6 answers 500).
 */
export async function sendArtifactFile(
  request: FastifyRequest,
  reply: FastifyReply,
  repository: ArtifactRepository,
  artifactPath: string,
): Promise<FastifyReply> {
  const download = await repository.openArtifact(artifactPath);
  const name = artifactBaseName(artifactPath);
  reply
    .code(200)
    .header('content-type', guessArtifactMimeType(name))
    .header('content-disposition', attachmentDisposition(name))
    .header('x-content-type-options', 'nosniff')
    .header('content-length', download.size);
  if (request.method === 'HEAD') {
    // Fastify's HEAD routes keep Content-Length for a stream payload (and drain it): an empty one.
    download.stream.destroy();
    return reply.send(Readable.from([]));
  }
  return reply.send(download.stream);
}
