import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, unusedPort } from './fake-upstream.js';
import { type GatewayVector, readVectors, scriptedResponseOf, vectorConfig } from './gateway-vectors.js';
import { send } from './http-client.js';
import { type RunningGateway, startGateway } from './start-gateway.js';
import { type Deviation, expectClientResponse, expectUpstreamRequest } from './vector-comparison.js';

export interface VectorReplay {
  /** The .jsonl file and the README config section it was recorded with. */
  file: string;
  /** Rewrites the recorded config for this run (fake URL, unreachable port, short timeouts). */
  rewriteConfig: (yaml: string, urls: { fake: string; unreachable: string }) => string;
  env: Record<string, string>;
  /** Placeholder → secret pairs, to compare auth headers with the vectors' `<key>`. */
  placeholders: readonly (readonly [string, string])[];
  deviations: Readonly<Record<string, Deviation>>;
  /** The upstream body Millrace sends, derived from MLflow's recorded one. */
  expectedUpstreamBody: (vector: GatewayVector) => unknown;
}

/**
 * Replays every vector of a file in order against one gateway and one fake upstream: the fake
 * answers the recorded upstream response; both the upstream request and the client answer are
 * compared (exactly, or per the documented deviation).
 */
export function replayVectors(replay: VectorReplay): void {
  const vectors = readVectors(replay.file);
  describe(`${replay.file} vectors`, () => {
    let fake: FakeUpstream;
    let gateway: RunningGateway;

    beforeAll(async () => {
      fake = await FakeUpstream.start();
      const unreachable = `http://127.0.0.1:${await unusedPort()}`;
      const yaml = vectorConfig(replay.file, (text) =>
        replay.rewriteConfig(text, { fake: fake.url, unreachable }),
      );
      gateway = await startGateway(yaml, { env: replay.env });
    });

    afterAll(async () => {
      await gateway?.close();
      await fake?.close();
    });

    for (const vector of vectors) {
      it(vector.id, async () => {
        fake.reset();
        const deviation = replay.deviations[vector.id];
        if (vector.upstream_response !== null) fake.enqueue(scriptedResponseOf(vector));
        if (deviation?.upstreamResponse !== undefined) fake.enqueue(deviation.upstreamResponse);
        const request = vector.client_request;
        const response = await send(gateway.url, request.method, request.path, {
          ...(request.body_is_raw_text === true
            ? { rawBody: request.body as string }
            : { body: request.body ?? undefined }),
          ...(request.headers === undefined ? {} : { headers: request.headers }),
        });
        expectClientResponse(vector, response, deviation);
        const upstreamCalled = deviation?.upstreamCalled ?? vector.upstream_request !== null;
        if (!upstreamCalled) {
          expect(fake.requests).toHaveLength(0);
        } else if (vector.upstream_request !== null) {
          expect(fake.requests).toHaveLength(1);
          expectUpstreamRequest(
            vector,
            fake.requests[0]!,
            replay.expectedUpstreamBody(vector),
            replay.placeholders,
          );
        }
        expect(response.headers['x-millrace-gateway-overhead-ms']).toMatch(/^\d+\.\d{3}$/);
        for (const [, secret] of replay.placeholders) expect(response.text).not.toContain(secret);
      });
    }

    it('never logs a secret', () => {
      for (const [, secret] of replay.placeholders) expect(gateway.logger.text).not.toContain(secret);
    });
  });
}
