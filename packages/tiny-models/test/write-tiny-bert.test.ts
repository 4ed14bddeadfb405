import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { env, pipeline, Tensor } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinyBert } from '../src/index.js';
import { hashDirectoryFiles } from './hash-directory-files.js';
import { createTemporaryDirectory } from './temporary-directory.js';

const root = createTemporaryDirectory();

function matrix(tensor: unknown): number[][] {
  if (!(tensor instanceof Tensor)) {
    throw new Error('expected a Tensor');
  }
  return tensor.tolist() as number[][];
}

describe('writeTinyBert', () => {
  it('writes the files with the sizes asked for', () => {
    const info = writeTinyBert(path.join(root, 'sized'), {
      hidden: 96,
      heads: 6,
      layers: 3,
      ff: 192,
      extraVocab: 1000,
    });
    expect(info.files).toEqual(['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
    const config = JSON.parse(readFileSync(path.join(info.directory, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      model_type: 'bert',
      architectures: ['BertForMaskedLM'],
      hidden_size: 96,
      num_attention_heads: 6,
      num_hidden_layers: 3,
      intermediate_size: 192,
      vocab_size: info.vocabularySize,
    });
    const small = writeTinyBert(path.join(root, 'small'));
    expect(info.vocabularySize - small.vocabularySize).toBe(1000);
  });

  it('is byte-identical on two runs', () => {
    const first = writeTinyBert(path.join(root, 'first'));
    const second = writeTinyBert(path.join(root, 'second'), { name: 'first' });
    expect(hashDirectoryFiles(second.directory, second.files)).toEqual(
      hashDirectoryFiles(first.directory, first.files),
    );
  });
});

describe('the tiny BERT in transformers.js', () => {
  beforeAll(() => {
    writeTinyBert(path.join(root, 'bert'), { hidden: 32, heads: 4 });
    writeTinyBert(path.join(root, 'bert-encoder'), { hidden: 32, heads: 4, maskedLmHead: false });
    env.allowRemoteModels = false;
    env.localModelPath = `${root}/`;
  });

  it('embeds sentences as unit vectors of the hidden size, distinct per sentence', async () => {
    const extractor = await pipeline('feature-extraction', 'bert');
    const sentences = ['hello world', 'the capital of france is paris.', 'the wheel turns the stones'];
    const embeddings = matrix(await extractor(sentences, { pooling: 'mean', normalize: true }));
    expect(embeddings).toHaveLength(3);
    for (const embedding of embeddings) {
      expect(embedding).toHaveLength(32);
      expect(Math.hypot(...embedding)).toBeCloseTo(1, 5);
    }
    const cosine = (left: number[], right: number[]): number =>
      left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
    expect(cosine(embeddings[0] ?? [], embeddings[1] ?? [])).toBeLessThan(0.9999);
  });

  it('gives a sentence the same embedding alone and in a padded batch', async () => {
    const extractor = await pipeline('feature-extraction', 'bert');
    const [alone] = matrix(await extractor(['hello'], { pooling: 'mean', normalize: true }));
    const batch = matrix(
      await extractor(['hello', 'a much longer sentence about the mill race'], {
        pooling: 'mean',
        normalize: true,
      }),
    );
    alone?.forEach((value, index) => expect(batch[0]?.[index]).toBeCloseTo(value, 6));
  });

  it('writes an encoder without the masked-LM head that embeds exactly as the full model', async () => {
    const full = await pipeline('feature-extraction', 'bert');
    const encoder = await pipeline('feature-extraction', 'bert-encoder');
    const sentences = ['hello world', 'the capital of france is paris.'];
    const options = { pooling: 'mean', normalize: true } as const;
    expect(matrix(await encoder(sentences, options))).toEqual(matrix(await full(sentences, options)));
    const encoderFile = statSync(path.join(root, 'bert-encoder', 'onnx', 'model.onnx')).size;
    const fullFile = statSync(path.join(root, 'bert', 'onnx', 'model.onnx')).size;
    expect(encoderFile).toBeLessThan(fullFile);
    await expect(
      pipeline('fill-mask', 'bert-encoder').then((filler) => filler('a [MASK].')),
    ).rejects.toThrow();
  });

  it('fills a mask with the top k word pieces, best first', async () => {
    const filler = await pipeline('fill-mask', 'bert');
    const predictions = (await filler('the capital of france is [MASK].', { top_k: 4 })) as Array<{
      score: number;
      token: number;
      token_str: string;
      sequence: string;
    }>;
    expect(predictions).toHaveLength(4);
    const scores = predictions.map((prediction) => prediction.score);
    expect(scores).toEqual([...scores].sort((left, right) => right - left));
    for (const prediction of predictions) {
      expect(prediction.token_str).not.toMatch(/^\[/);
      expect(prediction.sequence.startsWith('the capital of france is')).toBe(true);
    }
  });
});
