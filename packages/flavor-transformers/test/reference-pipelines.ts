import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, pipeline, Tensor } from '@huggingface/transformers';

/*
 * Expected results computed with transformers.js directly (its own generate and pipelines, no
 * flavor code): what the flavor must agree with.
 */

function useFolder(folder: string): string {
  env.allowRemoteModels = false;
  env.localModelPath = `${path.dirname(folder)}${path.sep}`;
  return path.basename(folder);
}

export interface ReferenceGeneration {
  promptTokens: number;
  /** The generated token ids. */
  ids: bigint[];
  /** The text each generated token adds (decoding without special tokens). */
  pieces: string[];
  text: string;
}

/** Greedy generation of `maxNewTokens` tokens (the end tokens of the tiny GPT-2 never win). */
export async function referenceGreedy(
  folder: string,
  prompt: string | Array<{ role: string; content: string }>,
  maxNewTokens: number,
): Promise<ReferenceGeneration> {
  const id = useFolder(folder);
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const model = await AutoModelForCausalLM.from_pretrained(id);
  const text =
    typeof prompt === 'string'
      ? prompt
      : (tokenizer.apply_chat_template(prompt, { tokenize: false, add_generation_prompt: true }) as string);
  const inputs = tokenizer(text, { add_special_tokens: typeof prompt === 'string' });
  const output = await model.generate({ ...inputs, max_new_tokens: maxNewTokens, do_sample: false });
  if (!(output instanceof Tensor)) {
    throw new Error('expected the sequences tensor');
  }
  const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
  const ids = ((output.tolist() as bigint[][])[0] ?? []).slice(promptTokens);
  const decode = (part: bigint[]): string =>
    part.length === 0 ? '' : tokenizer.decode(part, { skip_special_tokens: true });
  const pieces = ids.map((_, index) =>
    decode(ids.slice(0, index + 1)).slice(decode(ids.slice(0, index)).length),
  );
  return { promptTokens, ids, pieces, text: decode(ids) };
}

/** Mean-pooled, normalized embeddings and the token count of each text. */
export async function referenceEmbeddings(
  folder: string,
  texts: string[],
): Promise<{ vectors: number[][]; tokens: number[] }> {
  const extractor = await pipeline('feature-extraction', useFolder(folder));
  const vectors = (await extractor(texts, { pooling: 'mean', normalize: true })).tolist() as number[][];
  return { vectors, tokens: texts.map((text) => extractor.tokenizer.encode(text).length) };
}

/** The unpooled feature-extraction output of one text. */
export async function referenceFeatures(folder: string, text: string): Promise<unknown> {
  const extractor = await pipeline('feature-extraction', useFolder(folder));
  return (await extractor(text)).tolist();
}

/** The fill-mask pipeline's answer for one text. */
export async function referenceFillMask(folder: string, text: string, topK: number): Promise<unknown> {
  const filler = await pipeline('fill-mask', useFolder(folder));
  return await filler(text, { top_k: topK });
}
