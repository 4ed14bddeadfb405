import { MillraceError } from '@millrace/core';

/** Checks a search page size: a positive integer no larger than `maximum`. */
export function validateMaxResults(maxResults: number, maximum: number): number {
  if (!Number.isSafeInteger(maxResults) || maxResults <= 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer`,
    );
  }
  if (maxResults > maximum) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most ${maximum}`,
    );
  }
  return maxResults;
}
