import type { GatewayRequest } from '../providers/provider.js';

/** A request body that passed validation for an endpoint type. */
export interface ValidatedRequest extends GatewayRequest {
  /** The body's `model` (needed by the OpenAI-compatible routes), or undefined when absent or null. */
  model: string | undefined;
}
