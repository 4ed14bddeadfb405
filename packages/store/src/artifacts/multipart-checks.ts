import { MillraceError } from '@millrace/core';
import type { MultipartUploadPart } from './artifact-repository.js';

/** S3's limits, kept by every repository. */
export const MAXIMUM_PART_NUMBER = 10_000;

export function unknownMultipartUpload(uploadId: string): MillraceError {
  return new MillraceError(
    'RESOURCE_DOES_NOT_EXIST',
    `Multipart upload '${uploadId}' does not exist (it was completed, aborted or never created).`,
  );
}

export function checkPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAXIMUM_PART_NUMBER) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid part number ${partNumber}: part numbers go from 1 to ${MAXIMUM_PART_NUMBER}.`,
    );
  }
}

/** The parts to complete an upload with: at least one, ascending part numbers, each with an etag. */
export function checkCompletedParts(parts: readonly MultipartUploadPart[]): void {
  if (parts.length === 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      'Completing a multipart upload needs at least one part.',
    );
  }
  let previous = 0;
  for (const part of parts) {
    checkPartNumber(part.partNumber);
    if (part.partNumber <= previous) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        'The parts of a multipart upload must be listed in ascending order of part number, each once.',
      );
    }
    if (part.etag === '') {
      throw new MillraceError('INVALID_PARAMETER_VALUE', `Part ${part.partNumber} has no etag.`);
    }
    previous = part.partNumber;
  }
}

/** Entity tags compare without their quotes (clients pass them back with or without). */
export function sameEtag(left: string, right: string): boolean {
  const bare = (etag: string) => etag.trim().replace(/^"(.*)"$/, '$1');
  return bare(left) === bare(right);
}

export function invalidPart(partNumber: number): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Part ${partNumber} was not uploaded, or its etag does not match the uploaded part.`,
  );
}
