import { MillraceError } from '@millrace/core';

/** Runs `action` and returns the MillraceError it throws (fails if it does not throw one). */
export async function storeFailure(action: () => Promise<unknown>): Promise<MillraceError> {
  try {
    await action();
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('Expected the operation to fail.');
}
