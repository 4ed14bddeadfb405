/**
 * The seeds' "custom model for an LLM" in TypeScript: an instruction-prompt template around a
 * text generator whose files live in a snapshot folder read in loadContext.
 *
 * The generator here is a stand-in (a bigram model over snapshot/corpus.txt) so the example
 * runs anywhere in milliseconds; swap `BigramGenerator` for a real LLM runtime and nothing
 * else changes. The file imports nothing from millrace: the types below are local.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ModelContext {
  artifacts: Record<string, string>;
  signal?: AbortSignal;
}
interface PromptRow {
  prompt: string;
}
interface GenerationParams {
  temperature?: number;
  max_tokens?: number;
}

const INSTRUCTION_KEY = '### Instruction:';
const RESPONSE_KEY = '### Response:';
const INTRO_BLURB =
  'Below is an instruction that describes a task. Write a response that appropriately completes the request.';

export function buildPrompt(instruction: string): string {
  return `${INTRO_BLURB}\n${INSTRUCTION_KEY}\n${instruction}\n${RESPONSE_KEY}\n`;
}

/** A deterministic pseudo-random source (mulberry32), seeded from the prompt. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function hashText(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index += 1)
    hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash >>> 0;
}

class BigramGenerator {
  private readonly followers = new Map<string, Map<string, number>>();
  private readonly words: string[];

  constructor(corpus: string) {
    this.words = corpus.toLowerCase().match(/[a-z']+|[.,]/g) ?? [];
    for (let index = 0; index + 1 < this.words.length; index += 1) {
      const current = this.words[index]!;
      const next = this.words[index + 1]!;
      const counts = this.followers.get(current) ?? new Map<string, number>();
      counts.set(next, (counts.get(next) ?? 0) + 1);
      this.followers.set(current, counts);
    }
  }

  /** Yields up to `maxTokens` words; low temperature picks the most frequent follower. */
  *generate(prompt: string, temperature: number, maxTokens: number): Generator<string> {
    const random = createRandom(hashText(prompt));
    const promptWords = prompt.toLowerCase().match(/[a-z']+/g) ?? [];
    let current = [...promptWords].reverse().find((word) => this.followers.has(word)) ?? this.words[0] ?? '.';
    for (let produced = 0; produced < maxTokens; produced += 1) {
      const counts = this.followers.get(current);
      if (!counts) return;
      const candidates = [...counts.entries()];
      const weights = candidates.map(([, count]) => Math.pow(count, 1 / Math.max(temperature, 0.01)));
      let pick = random() * weights.reduce((sum, weight) => sum + weight, 0);
      let index = 0;
      while (index < candidates.length - 1 && pick >= weights[index]!) pick -= weights[index++]!;
      current = candidates[index]![0];
      yield current;
    }
  }
}

function joinWords(words: string[]): string {
  return words.join(' ').replace(/ ([.,])/g, '$1');
}

export default class InstructionModel {
  private generator?: BigramGenerator;

  loadContext(context: ModelContext): void {
    const snapshot = context.artifacts.snapshot;
    if (!snapshot) throw new Error('the model needs a "snapshot" artifact');
    const config = JSON.parse(readFileSync(join(snapshot, 'config.json'), 'utf8')) as { corpus: string };
    this.generator = new BigramGenerator(readFileSync(join(snapshot, config.corpus), 'utf8'));
  }

  predict(context: ModelContext, rows: PromptRow[], params: GenerationParams): { candidates: string[] } {
    const temperature = params.temperature ?? 0.1;
    const maxTokens = params.max_tokens ?? 1000;
    const candidates = rows.map((row) => {
      if (context.signal?.aborted) throw new Error('prediction cancelled');
      return joinWords([...this.generator!.generate(buildPrompt(row.prompt), temperature, maxTokens)]);
    });
    return { candidates };
  }

  async *predictStream(
    context: ModelContext,
    rows: PromptRow[],
    params: GenerationParams,
  ): AsyncGenerator<{ candidates: string[] }> {
    const first = rows[0];
    if (!first) return;
    let produced = 0;
    for (const word of this.generator!.generate(
      buildPrompt(first.prompt),
      params.temperature ?? 0.1,
      params.max_tokens ?? 1000,
    )) {
      if (context.signal?.aborted) return;
      yield { candidates: [produced === 0 || /^[.,]$/.test(word) ? word : ` ${word}`] };
      produced += 1;
    }
  }
}
