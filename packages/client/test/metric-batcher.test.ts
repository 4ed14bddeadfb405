import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import type { MetricInput } from '../src/entities/metric.js';
import { MetricBatcher } from '../src/fluent/metric-batcher.js';

interface SentBatch {
  runId: string;
  metrics: MetricInput[];
}

function recordingBatcher(
  options: { maxBatchSize?: number; flushIntervalMs?: number; fail?: (batch: SentBatch) => boolean } = {},
) {
  const sent: SentBatch[] = [];
  const batcher = new MetricBatcher({
    maxBatchSize: options.maxBatchSize,
    flushIntervalMs: options.flushIntervalMs ?? 60_000,
    send: async (runId, metrics) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const batch = { runId, metrics };
      if (options.fail?.(batch) === true)
        throw new MillraceError('INVALID_PARAMETER_VALUE', `refused ${metrics[0]?.key}`);
      sent.push(batch);
    },
  });
  return { batcher, sent };
}

describe('MetricBatcher', () => {
  it('sends full batches in the background and the rest on flush, in order', async () => {
    const { batcher, sent } = recordingBatcher({ maxBatchSize: 100 });
    for (let step = 0; step < 250; step += 1)
      await batcher.add('run-a', { key: 'loss', value: step / 10, step });
    expect(batcher.pending).toBe(250);
    await batcher.flush();
    expect(sent.map((batch) => batch.metrics.length)).toEqual([100, 100, 50]);
    expect(sent.flatMap((batch) => batch.metrics.map((metric) => metric.step))).toEqual(
      Array.from({ length: 250 }, (_, step) => step),
    );
    expect(batcher.pending).toBe(0);
    expect(batcher.sendCalls).toBe(3);
  });

  it('stamps each value when it is logged, not when it is sent', async () => {
    const { batcher, sent } = recordingBatcher();
    const before = Date.now();
    await batcher.add('run-a', { key: 'x', value: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await batcher.flush();
    const timestamp = sent[0]!.metrics[0]!.timestamp!;
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThan(before + 15);
    expect(sent[0]!.metrics[0]!.step).toBe(0);
  });

  it('flushes after the interval without being asked', async () => {
    const { batcher, sent } = recordingBatcher({ flushIntervalMs: 10 });
    await batcher.add('run-a', { key: 'x', value: 1 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sent).toHaveLength(1);
  });

  it('keeps the runs apart', async () => {
    const { batcher, sent } = recordingBatcher();
    await batcher.add('run-a', { key: 'x', value: 1 });
    await batcher.add('run-a', { key: 'x', value: 2 });
    await batcher.add('run-b', { key: 'x', value: 3 });
    await batcher.add('run-a', { key: 'x', value: 4 });
    await batcher.flush();
    expect(sent.map((batch) => [batch.runId, batch.metrics.map((metric) => metric.value)])).toEqual([
      ['run-a', [1, 2]],
      ['run-b', [3]],
      ['run-a', [4]],
    ]);
  });

  it('keeps a background failure and throws it on the next flush, once', async () => {
    const { batcher, sent } = recordingBatcher({
      maxBatchSize: 2,
      fail: (batch) => batch.metrics[0]?.key === 'bad',
    });
    await batcher.add('run-a', { key: 'bad', value: 1 });
    await batcher.add('run-a', { key: 'bad', value: 2 });
    await batcher.add('run-a', { key: 'good', value: 3 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batcher.hasUnreportedErrors).toBe(true);
    await expect(batcher.flush()).rejects.toThrow('refused bad');
    expect(sent.flatMap((batch) => batch.metrics.map((metric) => metric.key))).toEqual(['good']);
    await expect(batcher.flush()).resolves.toBeUndefined();
  });

  it('validates values when they are logged', async () => {
    const { batcher } = recordingBatcher();
    await expect(batcher.add('run-a', { key: 'x', value: '1' as unknown as number })).rejects.toThrow(
      "Metric 'x'",
    );
    await expect(batcher.add('run-a', { key: 'x', value: 1, step: 1.5 })).rejects.toThrow(
      'must be an integer',
    );
    expect(batcher.pending).toBe(0);
  });
});
