import { MillraceError } from '../src/index.js';

/** The MillraceError an action throws, as `CODE: message` (fails the test when nothing is thrown). */
export function errorText(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (MillraceError.isInstance(error)) {
      return `${error.errorCode}: ${error.message}`;
    }
    throw error;
  }
  throw new Error('expected a MillraceError');
}
