import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinyGpt2 } from '../src/index.js';
import { hashDirectoryFiles } from './hash-directory-files.js';
import { createTemporaryDirectory } from './temporary-directory.js';

const root = createTemporaryDirectory();

type Tokenizer = Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
type CausalModel = Awaited<ReturnType<typeof AutoModelForCausalLM.from_pretrained>>;

function rows(tensor: unknown): bigint[][] {
  if (!(tensor instanceof Tensor)) {
    throw new Error('expected a Tensor');
  }
  return tensor.tolist() as bigint[][];
}

function lastArgmax(logits: Tensor): bigint {
  const [, sequence, vocabulary] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  const offset = (sequence - 1) * vocabulary;
  let best = 0;
  for (let index = 1; index < vocabulary; index++) {
    if ((data[offset + index] ?? -Infinity) > (data[offset + best] ?? -Infinity)) {
      best = index;
    }
  }
  return BigInt(best);
}

describe('writeTinyGpt2', () => {
  it('writes the files transformers.js reads, with the sizes asked for', () => {
    const info = writeTinyGpt2(path.join(root, 'sized'), {
      hidden: 48,
      heads: 3,
      layers: 3,
      ff: 96,
      extraVocab: 100,
    });
    expect(info.files).toEqual([
      'config.json',
      'generation_config.json',
      'onnx/model.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    expect(readdirSync(info.directory).sort()).toEqual([
      'config.json',
      'generation_config.json',
      'onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const config = JSON.parse(readFileSync(path.join(info.directory, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      model_type: 'gpt2',
      n_embd: 48,
      n_head: 3,
      n_layer: 3,
      n_inner: 96,
      _name_or_path: 'sized',
    });
    const tokenizer = JSON.parse(readFileSync(path.join(info.directory, 'tokenizer.json'), 'utf8')) as {
      model: { vocab: Record<string, number>; merges: string[] };
    };
    expect(Object.keys(tokenizer.model.vocab)).toHaveLength(info.vocabularySize);
    expect(config['vocab_size']).toBe(info.vocabularySize);
    expect(tokenizer.model.merges).toHaveLength(64);
    // 256 bytes + merges (a merge may rebuild an existing token) + 3 specials + the extras.
    expect(info.vocabularySize).toBeGreaterThan(256 + 3 + 100);
    expect(info.vocabularySize).toBeLessThanOrEqual(256 + 64 + 3 + 100);
  });

  it('is byte-identical on two runs and changes with the seed', () => {
    const first = writeTinyGpt2(path.join(root, 'first'));
    const second = writeTinyGpt2(path.join(root, 'second'), { name: 'first' });
    const reseeded = writeTinyGpt2(path.join(root, 'reseeded'), { seed: 7, name: 'first' });
    expect(hashDirectoryFiles(second.directory, second.files)).toEqual(
      hashDirectoryFiles(first.directory, first.files),
    );
    const model = (directory: string): Buffer => readFileSync(path.join(directory, 'onnx/model.onnx'));
    expect(model(reseeded.directory).equals(model(first.directory))).toBe(false);
  });

  it('refuses heads that do not divide the hidden size', () => {
    expect(() => writeTinyGpt2(path.join(root, 'bad'), { hidden: 50, heads: 4 })).toThrow(
      /multiple of heads/,
    );
  });
});

describe('the tiny GPT-2 in transformers.js', () => {
  let tokenizer: Tokenizer;
  let model: CausalModel;

  beforeAll(async () => {
    writeTinyGpt2(path.join(root, 'gpt2'));
    env.allowRemoteModels = false;
    env.localModelPath = `${root}/`;
    tokenizer = await AutoTokenizer.from_pretrained('gpt2');
    model = await AutoModelForCausalLM.from_pretrained('gpt2');
  });

  it('tokenizes with the learnt merges and decodes back to the text', () => {
    const text = 'The mill race carries water to the wheel.';
    const ids = tokenizer.encode(text);
    expect(ids.length).toBeLessThan(Buffer.byteLength(text));
    expect(tokenizer.decode(ids)).toBe(text);
    expect(tokenizer.encode('<|im_start|>')).toHaveLength(1);
  });

  it('renders chat messages with the ChatML template', () => {
    const prompt = tokenizer.apply_chat_template([{ role: 'user', content: 'Hi' }], {
      tokenize: false,
      add_generation_prompt: true,
    });
    expect(prompt).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });

  it('generates greedily with the KV cache exactly what full recomputation gives', async () => {
    const inputs = tokenizer('The mill race');
    const newTokens = 12;
    const [generated] = rows(
      await model.generate({ ...inputs, max_new_tokens: newTokens, do_sample: false }),
    );
    const ids = (rows(inputs.input_ids)[0] ?? []).slice();
    const promptLength = ids.length;
    for (let step = 0; step < newTokens; step++) {
      const inputIds = new Tensor('int64', BigInt64Array.from(ids), [1, ids.length]);
      const attentionMask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
      const output = (await model.forward({ input_ids: inputIds, attention_mask: attentionMask })) as {
        logits: Tensor;
      };
      ids.push(lastArgmax(output.logits));
    }
    expect(generated).toEqual(ids);
    expect(ids.length).toBe(promptLength + newTokens);
    // The end tokens are biased away: random weights never stop early.
    const text = tokenizer.decode(ids.slice(promptLength), { skip_special_tokens: false });
    expect(text).toMatch(/^[\x20-\x7e]+$/);
  });

  it('gives a left-padded prompt in a batch the same greedy tokens as alone', async () => {
    const prompts = ['Hello', 'The capital of France is'];
    tokenizer.padding_side = 'left';
    const batch = tokenizer(prompts, { padding: true });
    const batched = rows(await model.generate({ ...batch, max_new_tokens: 6, do_sample: false }));
    for (const [index, prompt] of prompts.entries()) {
      const alone =
        rows(await model.generate({ ...tokenizer(prompt), max_new_tokens: 6, do_sample: false }))[0] ?? [];
      expect(batched[index]?.slice(-6)).toEqual(alone.slice(-6));
    }
  });

  it('ends generation at once when the end tokens are favoured', async () => {
    writeTinyGpt2(path.join(root, 'eager'), { endTokenBias: 50 });
    const eagerTokenizer = await AutoTokenizer.from_pretrained('eager');
    const eager = await AutoModelForCausalLM.from_pretrained('eager');
    const inputs = eagerTokenizer('Hello');
    const [generated] = rows(await eager.generate({ ...inputs, max_new_tokens: 10, do_sample: false }));
    const promptLength = rows(inputs.input_ids)[0]?.length ?? 0;
    expect(generated?.length).toBe(promptLength + 1);
  });
});
