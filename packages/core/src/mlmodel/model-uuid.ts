import { randomUUID } from 'node:crypto';

/** A new `model_uuid`: a random UUID as 32 lowercase hex digits (Python's `uuid4().hex`). */
export function newModelUuid(): string {
  return randomUUID().replaceAll('-', '');
}
