// Benchmark: llm/v1/embeddings served by `millrace models serve` with adaptive batching on and off,
// next to the transformers.js pipeline called directly in one process (same sentences, same batch
// sizes), on a random BERT with all-MiniLM-L6-v2's shape (hidden 384, 6 layers, 12 heads, ff 1536,
// ~30k vocabulary, fp32 ONNX, no masked-LM head) generated into a temporary folder. The sentences are English, 5-40
// words each (runs of words of a few paragraphs of prose, whose words the tokenizer knows whole,
// as a real WordPiece vocabulary knows common words), so that batches mix lengths as real traffic
// does. The direct pipeline gets the flavor's output restriction (`fetchOnlyOutput`), so that
// "Millrace vs direct" measures Millrace's path (HTTP, parsing, enforcement, batching) alone.
//
//   npm run build && node bench/embeddings.mjs [--duration 10] [--rounds 2] [--concurrency 32] [--sweep] [--words 5-40]
//
// Every served configuration runs `--rounds` times, alternating, on a fresh server each time; the
// tables quote the median (the machine is shared and noisy). `--sweep` also tries other
// --batch-max-size / --batch-max-delay-ms values (how the defaults were chosen).
// Target: >= 3x embeddings/s with batching at concurrency 32.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { env, pipeline } from '@huggingface/transformers';
import { fetchOnlyOutput, planLengthBuckets, saveTransformersModel } from '@millrace/flavor-transformers';
import { writeTinyBert } from '@millrace/tiny-models';
import { Pool, request } from 'undici';
import { printTable, startServer } from './lib/load.mjs';
import { processTreeCpuSeconds } from './lib/process-cpu.mjs';

const processTreeCpuMilliseconds = (pid) => processTreeCpuSeconds(pid) * 1000;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '32' },
    sweep: { type: 'boolean', default: false },
    words: { type: 'string', default: '5-40' },
  },
});
const durationSeconds = Number(values.duration);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const warmupSeconds = 2;
const millraceBin = fileURLToPath(new URL('../packages/millrace/bin/millrace.js', import.meta.url));

// No masked-LM head, as all-MiniLM-L6-v2's sentence-transformers export (its vocabulary-wide
// projection would double the work per token of an embedding that never reads it).
const MINILM_SHAPE = {
  hidden: 384,
  heads: 12,
  layers: 6,
  ff: 1536,
  extraVocab: 30_000,
  maxPositions: 512,
  maskedLmHead: false,
};
/** The prose the sentences come from; its words are the tokenizer's whole words. */
const PROSE = [
  'A mill race is the channel that carries water from the river to the wheel of a mill.',
  'The water turns the wheel, and the wheel turns the stones that grind the grain into flour.',
  'Hello, how are you today? I am fine, thank you for asking.',
  'The capital of France is Paris, and the capital of Italy is Rome.',
  'Please summarise the quarterly report in three short bullet points for the board meeting next week.',
  'My order arrived two days late and the box was damaged, so I would like a refund or a replacement.',
  'Which hiking trails near the lake are still open in winter, and do I need a permit to use them?',
  'The new release fixes a memory leak in the scheduler and makes cold starts about a third faster.',
  'Search engines rank documents by how close their embeddings are to the embedding of the query.',
  'A user asks a question, the assistant gives an answer, and the system sets the rules of the chat.',
  'Models are saved, logged, registered and served; they predict, stream and embed text.',
  'Our support team is available from nine in the morning until six in the evening, Monday to Friday.',
  'The recipe calls for two cups of flour, one egg, a pinch of salt and enough milk to make a smooth batter.',
  'If the build fails on the main branch, revert the last change first and investigate afterwards.',
  'She walked along the river at dawn, watching the mist lift slowly from the water and the fields beyond.',
  'The invoice was sent on the first of the month, but the payment has not been received yet.',
  'Can you recommend a good book about the history of science for a curious teenager?',
  'Heavy rain is expected tomorrow afternoon, so the outdoor concert has been moved to the town hall.',
  'To reset your password, open the settings page, choose security, and follow the link we email you.',
  'The committee agreed to review the proposal again after the engineers have measured the costs.',
];
// `--words 3-8` gives search-query-like texts instead of sentences.
const [MIN_WORDS, MAX_WORDS] = values.words.split('-').map(Number);
if (!(MIN_WORDS >= 1 && MAX_WORDS >= MIN_WORDS))
  throw new Error(`--words must be like 5-40, got ${values.words}`);
const SENTENCE_COUNT = 512;

/** A seeded PRNG (mulberry32), so every run embeds the same sentences. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Texts of MIN_WORDS-MAX_WORDS words: the prose's words from the start of a random sentence on. */
function makeSentences() {
  const random = seededRandom(7);
  const words = PROSE.flatMap((sentence) => sentence.split(' '));
  const starts = [];
  PROSE.reduce((offset, sentence) => {
    starts.push(offset);
    return offset + sentence.split(' ').length;
  }, 0);
  return Array.from({ length: SENTENCE_COUNT }, () => {
    const length = MIN_WORDS + Math.floor(random() * (MAX_WORDS - MIN_WORDS + 1));
    const start = starts[Math.floor(random() * starts.length)];
    const text = Array.from({ length }, (_, index) => words[(start + index) % words.length]).join(' ');
    return /[.?!]$/.test(text) ? text : `${text.replace(/[,;]$/, '')}.`;
  });
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function ownCpuMilliseconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const rate = (value) => Math.round(value).toLocaleString('en-US');
const ms = (value) => value.toFixed(2);

/**
 * Embeds `batchSize` sentences per batch with `embed` (which answers how many it embedded),
 * `parallel` batches at a time, for `seconds`, cycling through `sentences` in their order:
 * embeddings/s and CPU ms per embedding (this process: the pipeline and ONNX Runtime's threads).
 */
async function measureDirect(embed, sentences, batchSize, parallel, seconds) {
  let next = 0;
  const take = () => {
    const batch = [];
    for (let index = 0; index < batchSize; index++) batch.push(sentences[next++ % sentences.length]);
    return batch;
  };
  const run = async (runSeconds) => {
    const deadline = performance.now() + runSeconds * 1000;
    let embedded = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (performance.now() < deadline) {
          // Not `embedded += await ...`: that reads `embedded` before the await and loses the
          // other loops' counts.
          const count = await embed(take());
          embedded += count;
        }
      }),
    );
    return embedded;
  };
  await run(Math.min(warmupSeconds, seconds));
  const started = performance.now();
  const cpuBefore = ownCpuMilliseconds();
  const embedded = await run(seconds);
  return {
    embeddingsPerSecond: embedded / ((performance.now() - started) / 1000),
    cpuMillisecondsPerEmbedding: (ownCpuMilliseconds() - cpuBefore) / embedded,
  };
}

/**
 * Closed loops: `connections` clients, each posting one sentence and waiting for its answer.
 * Embeddings/s, latency, the server process's CPU ms per embedding and its mean batch size.
 */
async function measureServed({ address, pid }, sentences, connections, seconds) {
  const pool = new Pool(address, { connections, pipelining: 1 });
  let next = 0;
  const run = async (runSeconds, samples) => {
    const deadline = performance.now() + runSeconds * 1000;
    let failures = 0;
    let completed = 0;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const body = JSON.stringify({ input: sentences[next++ % sentences.length] });
          const started = performance.now();
          const response = await pool.request({
            path: '/invocations',
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          await response.body.text();
          if (response.statusCode === 200) completed += 1;
          else failures += 1;
          samples?.push(performance.now() - started);
        }
      }),
    );
    return { failures, completed };
  };
  try {
    await run(warmupSeconds);
    const before = await batchStats(address);
    const samples = [];
    const started = performance.now();
    const cpuBefore = processTreeCpuMilliseconds(pid);
    const { failures, completed } = await run(seconds, samples);
    const cpuAfter = processTreeCpuMilliseconds(pid);
    const elapsed = (performance.now() - started) / 1000;
    const after = await batchStats(address);
    samples.sort((a, b) => a - b);
    const at = (quantile) => samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))];
    const batches = after.count - before.count;
    return {
      embeddingsPerSecond: completed / elapsed,
      cpuMillisecondsPerEmbedding: (cpuAfter - cpuBefore) / completed,
      p50: at(0.5),
      p99: at(0.99),
      failures,
      meanBatchSize: batches > 0 ? (after.sum - before.sum) / batches : 1,
    };
  } finally {
    await pool.close();
  }
}

/** The batch-size histogram's count and sum from /metrics (zero when the server does not batch). */
async function batchStats(address) {
  const text = await (await request(`${address}/metrics`)).body.text();
  const read = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { count: read('millrace_scoring_batch_size_count'), sum: read('millrace_scoring_batch_size_sum') };
}

const workspace = await mkdtemp(join(tmpdir(), 'millrace-bench-embeddings-'));
try {
  const generated = performance.now();
  const bert = writeTinyBert(join(workspace, 'minilm-shaped'), {
    ...MINILM_SHAPE,
    name: 'minilm-shaped-random',
    corpus: PROSE.join('\n'),
  });
  const modelPath = join(workspace, 'model');
  await saveTransformersModel({ path: modelPath, modelDirectory: bert.directory, task: 'llm/v1/embeddings' });
  const sentences = makeSentences();
  console.log(
    `MiniLM-shaped random BERT written and saved in ${((performance.now() - generated) / 1000).toFixed(1)} s ` +
      `(${JSON.stringify(MINILM_SHAPE)})`,
  );

  // The pipeline called directly lives in this process; it is idle while the servers are measured.
  env.allowRemoteModels = false;
  env.localModelPath = `${workspace}${sep}`;
  const extractor = await pipeline('feature-extraction', 'minilm-shaped', {
    local_files_only: true,
    dtype: 'fp32',
    device: 'cpu',
  });
  fetchOnlyOutput(extractor, 'last_hidden_state');
  const tokens = sentences.map((sentence) => extractor.tokenizer.encode(sentence).length);
  const meanTokens = tokens.reduce((sum, count) => sum + count, 0) / tokens.length;
  const tokensOf = new Map(sentences.map((sentence, index) => [sentence, tokens[index]]));
  // The same sentences from the shortest to the longest: consecutive batches hold texts of about
  // one length, so they waste (almost) no padding. The best any batcher can do.
  const sentencesByLength = [...sentences].sort((a, b) => tokensOf.get(a) - tokensOf.get(b));
  /** One pipeline call for the batch: padded to its longest text. */
  const embedAsTheyCome = async (batch) =>
    (await extractor(batch, { pooling: 'mean', normalize: true })).tolist().length;
  /** The batch split by length as the flavor splits it (planLengthBuckets), one call per group. */
  const embedByLength = async (batch) => {
    let embedded = 0;
    for (const bucket of planLengthBuckets(batch.map((text) => tokensOf.get(text)))) {
      embedded += await embedAsTheyCome(bucket.map((index) => batch[index]));
    }
    return embedded;
  };

  const servedConfigurations = [
    { label: 'batching on (defaults)', args: [] },
    { label: 'batching off (--no-batching)', args: ['--no-batching'] },
  ];
  if (values.sweep) {
    for (const maxDelay of [0, 2, 10]) {
      for (const maxSize of [8, 16, 32]) {
        servedConfigurations.push({
          label: `--batch-max-size ${maxSize} --batch-max-delay-ms ${maxDelay}`,
          args: ['--batch-max-size', String(maxSize), '--batch-max-delay-ms', String(maxDelay)],
        });
      }
    }
  }
  const directLabels = {
    single: 'batch 1, one call at a time',
    concurrentSingles: `batch 1, ${concurrency} calls at a time`,
    servedMean: 'batch = the served mean of the round, one call, padded to its longest',
    servedMeanByLength: 'batch = the served mean of the round, split by length as the flavor does',
    full: `batch ${concurrency}, one call, padded to its longest`,
    fullByLength: `batch ${concurrency}, split by length as the flavor does`,
    ceiling: `batch ${concurrency} of texts of about one length (no padding: the ceiling)`,
  };
  const served = new Map(servedConfigurations.map((configuration) => [configuration.label, []]));
  const direct = new Map(Object.values(directLabels).map((label) => [label, []]));
  // Rounds interleave every configuration, so that a noisy neighbour hurts all of them alike.
  for (let round = 0; round < rounds; round++) {
    for (const configuration of servedConfigurations) {
      const server = await startServer(process.execPath, [
        millraceBin,
        'models',
        'serve',
        '-m',
        modelPath,
        '-p',
        '0',
        ...configuration.args,
      ]);
      try {
        const target = { address: server.address, pid: server.child.pid };
        served
          .get(configuration.label)
          .push(await measureServed(target, sentences, concurrency, durationSeconds));
      } finally {
        await server.stop();
      }
    }
    const servedBatch = Math.max(1, Math.round(served.get('batching on (defaults)').at(-1).meanBatchSize));
    const directRuns = [
      [directLabels.single, embedAsTheyCome, sentences, 1, 1],
      [directLabels.concurrentSingles, embedAsTheyCome, sentences, 1, concurrency],
      [directLabels.servedMean, embedAsTheyCome, sentences, servedBatch, 1],
      [directLabels.servedMeanByLength, embedByLength, sentences, servedBatch, 1],
      [directLabels.full, embedAsTheyCome, sentences, concurrency, 1],
      [directLabels.fullByLength, embedByLength, sentences, concurrency, 1],
      [directLabels.ceiling, embedAsTheyCome, sentencesByLength, concurrency, 1],
    ];
    for (const [label, embed, order, batchSize, parallel] of directRuns) {
      const run = await measureDirect(embed, order, batchSize, parallel, durationSeconds);
      direct.get(label).push({ ...run, batchSize });
    }
  }
  await extractor.dispose();

  const summary = (runs) => ({
    runs,
    embeddingsPerSecond: median(runs.map((run) => run.embeddingsPerSecond)),
    cpu: median(runs.map((run) => run.cpuMillisecondsPerEmbedding)),
    p50: median(runs.map((run) => run.p50 ?? Number.NaN)),
    p99: median(runs.map((run) => run.p99 ?? Number.NaN)),
    meanBatchSize: median(runs.map((run) => run.meanBatchSize ?? run.batchSize)),
    failures: runs.reduce((sum, run) => sum + (run.failures ?? 0), 0),
  });
  const on = summary(served.get('batching on (defaults)'));
  const off = summary(served.get('batching off (--no-batching)'));

  printTable(
    `millrace models serve, llm/v1/embeddings, one sentence per request (${meanTokens.toFixed(1)} tokens on average), ` +
      `${concurrency} concurrent clients, ${durationSeconds} s per run, medians of ${rounds} runs`,
    [
      'server',
      'emb/s per run',
      'median emb/s',
      'server CPU ms/emb',
      'p50 ms',
      'p99 ms',
      'mean batch',
      'errors',
    ],
    servedConfigurations.map(({ label }) => {
      const row = summary(served.get(label));
      return [
        label,
        row.runs.map((run) => rate(run.embeddingsPerSecond)).join(', '),
        rate(row.embeddingsPerSecond),
        ms(row.cpu),
        ms(row.p50),
        ms(row.p99),
        row.meanBatchSize.toFixed(1),
        row.failures,
      ];
    }),
  );
  printTable(
    `transformers.js feature-extraction pipeline called directly in one process, same sentences ` +
      `(mean pooling + normalize, ${durationSeconds} s per run, medians of ${rounds} runs)`,
    ['calls', 'batch per run', 'emb/s per run', 'median emb/s', 'CPU ms/emb'],
    Object.values(directLabels).map((label) => {
      const row = summary(direct.get(label));
      return [
        label,
        row.runs.map((run) => run.batchSize).join(', '),
        row.runs.map((run) => rate(run.embeddingsPerSecond)).join(', '),
        rate(row.embeddingsPerSecond),
        ms(row.cpu),
      ];
    }),
  );

  // Speed-up, and what Millrace's path (HTTP, parsing, enforcement, batching) adds per embedding:
  // in wall-clock time (throughput) and in CPU time (steadier on a shared machine).
  const perEmbedding = (embeddingsPerSecond) => 1000 / embeddingsPerSecond;
  const compare = (label, servedRow, directRow) => [
    label,
    `${ms(perEmbedding(servedRow.embeddingsPerSecond))} / ${ms(perEmbedding(directRow.embeddingsPerSecond))}`,
    ms(perEmbedding(servedRow.embeddingsPerSecond) - perEmbedding(directRow.embeddingsPerSecond)),
    `${ms(servedRow.cpu)} / ${ms(directRow.cpu)}`,
    ms(servedRow.cpu - directRow.cpu),
  ];
  printTable(
    'Millrace vs direct (medians; CPU: the server process vs this process)',
    ['comparison', 'wall ms/emb', 'added wall ms/emb', 'CPU ms/emb', 'added CPU ms/emb'],
    [
      compare(
        'batching on vs direct at the served mean batch, split by length',
        on,
        summary(direct.get(directLabels.servedMeanByLength)),
      ),
      compare(
        `batching off vs direct batch 1 x ${concurrency} calls`,
        off,
        summary(direct.get(directLabels.concurrentSingles)),
      ),
      compare(
        'batching off vs direct batch 1, one call at a time',
        off,
        summary(direct.get(directLabels.single)),
      ),
    ],
  );
  const directRate = (label) => summary(direct.get(label)).embeddingsPerSecond;
  const gain = (label) => (directRate(label) / directRate(directLabels.single)).toFixed(2);
  console.log(
    `\nBatching speed-up at concurrency ${concurrency}: ${(on.embeddingsPerSecond / off.embeddingsPerSecond).toFixed(2)}x ` +
      `in embeddings/s, ${(off.cpu / on.cpu).toFixed(2)}x in server CPU per embedding (target >= 3x); ` +
      `mean batch ${on.meanBatchSize.toFixed(1)} requests.\nThe pipeline itself, over batch 1 one call at a time: ` +
      `batch ${concurrency} padded to its longest ${gain(directLabels.full)}x, split by length ` +
      `${gain(directLabels.fullByLength)}x, texts of one length ${gain(directLabels.ceiling)}x (the ceiling of any batcher).`,
  );
} finally {
  await rm(workspace, { recursive: true, force: true });
}
