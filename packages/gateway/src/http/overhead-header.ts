/**
 * `X-Millrace-Gateway-Overhead-Ms`: milliseconds the gateway itself spent on the request — from the
 * route handler's start (body received and routed) to the response, minus the time waiting on the
 * upstream. For streams it is measured when the response headers are sent: time until the upstream's
 * headers arrived is upstream time, so the value is the gateway's share of the time to first byte.
 */
export const OVERHEAD_HEADER = 'x-millrace-gateway-overhead-ms';

export function formatOverhead(milliseconds: number): string {
  return Math.max(0, milliseconds).toFixed(3);
}
