import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { getFluentClient, setExperiment, setTrackingUri } from '@millrace/client';
import { checkEndpointCompatibility, createGatewayApp, loadGatewayConfig } from '@millrace/gateway';
import type { ListeningApp } from '../serve/run-server.js';
import { listenOrExplain } from './listen-or-explain.js';
import { createQuickstartGatewayConfig } from './quickstart-gateway-config.js';
import { createQuickstartPorts } from './quickstart-ports.js';
import {
  prepareQuickstartModels,
  type QuickstartModel,
  type QuickstartModelSources,
} from './quickstart-models.js';
import { queryQuickstartEndpoint } from './query-quickstart-endpoints.js';
import { registerQuickstartModel } from './register-quickstart-model.js';
import { createRegisteredModelApp } from './serve-registered-model.js';
import { createQuickstartTracking } from './start-quickstart-tracking.js';

export interface QuickstartOptions extends QuickstartModelSources {
  /** Base port (tracking; gateway +1; models +2…+4), or 0 for free ports. */
  port: number;
  workdir: string;
  /** The progress lines. */
  say(line: string): void;
}

/** The experiment the quickstart logs its models to. */
export const QUICKSTART_EXPERIMENT = 'quickstart';

/** The marker line a script (or test) can wait for. */
export const QUICKSTART_READY_LINE = 'Millrace quickstart is ready.';

/** Waits for Ctrl-C (SIGINT) or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((done) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `millrace quickstart`: the seeds' deployments walkthrough in one command. Starts a tracking
 * server on SQLite, logs and registers three models (embeddings, fill-mask, an instruct LLM),
 * serves each from the registry, puts the gateway in front of them, queries every endpoint,
 * prints where everything is, and keeps running until Ctrl-C, then stops everything.
 */
export async function runQuickstart(options: QuickstartOptions): Promise<void> {
  const { say } = options;
  const workdir = resolve(options.workdir);
  const ports = createQuickstartPorts(options.port);
  let sdkConnected = false;
  const running: Array<{ app: ListeningApp; what: string }> = [];
  const start = async (app: ListeningApp, port: number, what: string): Promise<string> => {
    const address = await listenOrExplain(app, port, what);
    running.push({ app, what });
    return address;
  };
  const stopAll = async (): Promise<void> => {
    for (const { app } of running.reverse()) await app.close();
    running.length = 0;
    if (sdkConnected) await getFluentClient().close();
  };

  try {
    await mkdir(workdir, { recursive: true });
    say(`Millrace quickstart: the deployments walkthrough on your machine (files in ${workdir}).`);

    say(`1/6 Starting the tracking server (MLflow's REST API; runs and the model registry on SQLite)`);
    const tracking = await createQuickstartTracking(workdir);
    const trackingUri = await start(tracking.app, ports.tracking, 'tracking server');
    say(`    tracking server at ${trackingUri} (database ${tracking.backendStoreUri})`);

    say('2/6 Preparing three models');
    const models = await prepareQuickstartModels(workdir, options, say);
    for (const model of models) say(`    ${model.name}: ${model.description}`);

    say(`3/6 Logging each model to the experiment '${QUICKSTART_EXPERIMENT}' and registering it`);
    setTrackingUri(trackingUri);
    sdkConnected = true;
    await setExperiment(QUICKSTART_EXPERIMENT);
    const registered: Array<{ model: QuickstartModel; modelUri: string }> = [];
    for (const model of models) {
      const replace =
        (model.name === 'embeddings' && options.embeddingsModel !== undefined) ||
        (model.name === 'fill-mask' && options.fillMaskModel !== undefined) ||
        (model.name === 'instruct-llm' && options.llmModel !== undefined);
      const { modelUri, reused } = await registerQuickstartModel(trackingUri, model, replace);
      say(
        `    ${model.name}: ${reused ? 'already registered (reused)' : 'logged and registered'} as ${modelUri}`,
      );
      registered.push({ model, modelUri });
    }

    say(
      '4/6 Serving each model from the registry (what `millrace models serve -m models:/<name>/<version>` does)',
    );
    const cacheDirectory = join(workdir, 'cache');
    const modelPorts = [ports.embeddings, ports.fillMask, ports.instructLlm];
    const served: Array<{ model: QuickstartModel; address: string }> = [];
    for (const [index, { model, modelUri }] of registered.entries()) {
      const app = await createRegisteredModelApp(trackingUri, modelUri, cacheDirectory);
      const address = await start(app, modelPorts[index] ?? 0, `${model.name} model server`);
      say(`    ${model.name} (${modelUri}) at ${address}`);
      served.push({ model, address });
    }

    const configPath = join(workdir, 'config.yaml');
    await writeFile(configPath, createQuickstartGatewayConfig(served));
    say(`5/6 Starting the gateway (MLflow deployments server) with ${configPath}`);
    const config = await loadGatewayConfig(configPath);
    const warnings = await checkEndpointCompatibility(config);
    if (warnings.length === 0) {
      say(
        `    compatibility check: each of the ${config.endpoints.length} endpoints' models can answer its endpoint type`,
      );
    }
    for (const warning of warnings) say(`    compatibility check: warning: ${warning.message}`);
    const gateway = await createGatewayApp({ config, configPath });
    const gatewayAddress = await start(gateway.app, ports.gateway, 'gateway');
    say(
      `    gateway at ${gatewayAddress}: ${served.map(({ model }) => `${model.name} (${model.endpointType})`).join(', ')}`,
    );

    say('6/6 Querying each endpoint through the gateway');
    for (const { model } of served) {
      const { request, answer } = await queryQuickstartEndpoint(gatewayAddress, model);
      say(`    ${model.name} <- ${JSON.stringify(request)}`);
      say(`    ${model.name} -> ${answer}`);
    }

    say('');
    say(QUICKSTART_READY_LINE);
    say('Open:');
    say(`  tracking server:    ${trackingUri}/api/2.0/mlflow/registered-models/search`);
    say(`  gateway:            ${gatewayAddress}/api/2.0/endpoints/`);
    for (const { model, address } of served) {
      say(`  ${`${model.name} model:`.padEnd(20)}${address}/metadata`);
    }
    say('Try:');
    say(`  curl -s ${gatewayAddress}/v1/completions -H 'Content-Type: application/json' \\`);
    say(`    -d '{"model": "instruct-llm", "prompt": "What is MLflow?", "max_tokens": 16}'`);
    say(`  npx millrace deployments query --endpoint embeddings --target-uri ${gatewayAddress} \\`);
    say(`    --data '{"input": ["hello world"]}'`);
    say(`  MLFLOW_TRACKING_URI=${trackingUri} npx millrace experiments search`);
    say('Press Ctrl-C to stop.');

    const signal = await untilStopped();
    say(
      `${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the gateway, the model servers and the tracking server.`,
    );
  } finally {
    await stopAll();
  }
  say('Stopped.');
}
