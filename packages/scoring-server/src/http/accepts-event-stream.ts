/** True when the `Accept` header asks for Server-Sent Events. */
export function acceptsEventStream(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('text/event-stream');
}
