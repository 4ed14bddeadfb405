import type { ProviderAdapter } from '../provider.js';
import type { ChatAdapter } from './chat-adapter.js';
import type { ChatChunk, ChatResponse, MappedChatChunk } from './chat-response.js';

/** A completions request as a one-message chat request (`prompt` → a user message; every other field kept). */
export function completionsBodyAsChat(body: Record<string, unknown>): Record<string, unknown> {
  const { prompt, ...rest } = body;
  return { ...rest, messages: [{ role: 'user', content: prompt }] };
}

export function chatResponseAsCompletions(response: ChatResponse): unknown {
  return {
    id: response.id,
    object: 'text_completion',
    created: response.created,
    model: response.model,
    choices: response.choices.map((choice) => ({
      index: choice.index,
      text: choice.message.content ?? '',
      finish_reason: choice.finish_reason,
    })),
    usage: response.usage,
  };
}

function chunkAsCompletions(chunk: ChatChunk): unknown {
  const mapped: Record<string, unknown> = {
    id: chunk.id,
    object: 'text_completion_chunk',
    created: chunk.created,
    model: chunk.model,
    choices: chunk.choices.map((choice) => ({
      index: choice.index,
      finish_reason: choice.finish_reason,
      text: choice.delta.content ?? '',
    })),
  };
  if (chunk.usage !== undefined) mapped.usage = chunk.usage;
  return mapped;
}

function mappedAsCompletions(mapped: MappedChatChunk): { chunk: unknown; usage?: MappedChatChunk['usage'] } {
  const chunk = mapped.chunk === undefined ? undefined : chunkAsCompletions(mapped.chunk);
  return mapped.usage === undefined ? { chunk } : { chunk, usage: mapped.usage };
}

/**
 * Completions served by a vendor's chat API (Anthropic's Messages, Gemini, Cohere v2, Bedrock's
 * Converse): the prompt goes as a user message, answers and stream chunks come back as
 * `text_completion` / `text_completion_chunk` with the same finish reasons and usage.
 */
export function completionsViaChat(chat: ChatAdapter): ProviderAdapter {
  const adapter: ProviderAdapter = {
    prepare: (request) => chat.prepare({ body: completionsBodyAsChat(request.body), stream: request.stream }),
    mapResponse: (body) => chatResponseAsCompletions(chat.mapResponse(body)),
  };
  if (chat.streamDecoder !== undefined) adapter.streamDecoder = chat.streamDecoder;
  const createChatMapper = chat.createStreamMapper;
  if (createChatMapper !== undefined) {
    adapter.createStreamMapper = (request) => {
      const mapper = createChatMapper({ body: completionsBodyAsChat(request.body), stream: request.stream });
      const finish = mapper.finish;
      return {
        map: (data, event) => mappedAsCompletions(mapper.map(data, event)),
        ...(finish === undefined
          ? {}
          : {
              finish: () => {
                const last = finish.call(mapper);
                return last === undefined ? undefined : mappedAsCompletions(last);
              },
            }),
      };
    };
  }
  return adapter;
}
