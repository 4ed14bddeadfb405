import { randomUUID } from 'node:crypto';
import type { FinishReason } from './text-generator.js';

/*
 * The OpenAI-style objects the llm/v1 tasks answer with (the fields MLflow's transformers
 * flavor fills, in OpenAI's order).
 */

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** One generated choice, whatever the task. */
export interface GeneratedChoice {
  text: string;
  finishReason: FinishReason;
}

/** Identifies one response and all of its chunks. */
export interface ResponseHeader {
  id: string;
  created: number;
  model: string;
}

export function createResponseHeader(model: string): ResponseHeader {
  return { id: randomUUID(), created: Math.floor(Date.now() / 1000), model };
}

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

export function chatCompletion(
  header: ResponseHeader,
  choices: GeneratedChoice[],
  usage: Usage,
): Record<string, unknown> {
  return {
    id: header.id,
    object: 'chat.completion',
    created: header.created,
    model: header.model,
    choices: choices.map((choice, index) => ({
      index,
      message: { role: 'assistant', content: choice.text },
      finish_reason: choice.finishReason,
    })),
    usage,
  };
}

export function textCompletion(
  header: ResponseHeader,
  choices: GeneratedChoice[],
  usage: Usage,
): Record<string, unknown> {
  return {
    id: header.id,
    object: 'text_completion',
    created: header.created,
    model: header.model,
    choices: choices.map((choice, index) => ({
      index,
      text: choice.text,
      finish_reason: choice.finishReason,
    })),
    usage,
  };
}

/** A `chat.completion.chunk` with a piece of text, or (with a finish reason) the end of a choice. */
export function chatCompletionChunk(
  header: ResponseHeader,
  index: number,
  text: string | undefined,
  finishReason: FinishReason | null,
  usage?: Usage,
): Record<string, unknown> {
  const chunk: Record<string, unknown> = {
    id: header.id,
    object: 'chat.completion.chunk',
    created: header.created,
    model: header.model,
    choices: [
      {
        index,
        delta: text === undefined ? {} : { role: 'assistant', content: text },
        finish_reason: finishReason,
      },
    ],
  };
  if (usage !== undefined) {
    chunk['usage'] = usage;
  }
  return chunk;
}

/** A streamed `text_completion` object: a piece of text, or (with a finish reason) the end of a choice. */
export function textCompletionChunk(
  header: ResponseHeader,
  index: number,
  text: string,
  finishReason: FinishReason | null,
  usage?: Usage,
): Record<string, unknown> {
  const chunk: Record<string, unknown> = {
    id: header.id,
    object: 'text_completion',
    created: header.created,
    model: header.model,
    choices: [{ index, text, finish_reason: finishReason }],
  };
  if (usage !== undefined) {
    chunk['usage'] = usage;
  }
  return chunk;
}

export function embeddingsList(embeddings: number[][], promptTokens: number): Record<string, unknown> {
  return {
    object: 'list',
    data: embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}
