import type { UpstreamCall } from '../../upstream/call-upstream.js';
import type { UpstreamStreamDecoder } from '../../upstream/upstream-stream-decoder.js';
import type { GatewayRequest } from '../provider.js';
import type { ChatResponse, MappedChatChunk } from './chat-response.js';

/** A stream mapper whose chunks are chat chunks (so completions can be derived from it). */
export interface ChatStreamMapper {
  map(data: unknown, event?: string): MappedChatChunk;
  finish?(): MappedChatChunk | undefined;
}

/**
 * A ProviderAdapter for `llm/v1/chat` whose outputs are typed: vendors without a completions API
 * serve completions through it (`completionsViaChat`).
 */
export interface ChatAdapter {
  prepare(request: GatewayRequest): UpstreamCall | Promise<UpstreamCall>;
  mapResponse(body: unknown): ChatResponse;
  createStreamMapper?(request: GatewayRequest): ChatStreamMapper;
  streamDecoder?: UpstreamStreamDecoder;
}
