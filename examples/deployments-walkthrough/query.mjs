#!/usr/bin/env node
// Queries the walkthrough's gateway (default http://127.0.0.1:7000, or --target-uri) with
// Millrace's deployments client (MLflow's `get_deploy_client`) and with the OpenAI SDK.
//
//   node examples/deployments-walkthrough/query.mjs [--target-uri http://127.0.0.1:7000]
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { getDeployClient } from 'millrace';

const { values: options } = parseArgs({
  options: { 'target-uri': { type: 'string', default: 'http://127.0.0.1:7000' } },
});
const target = options['target-uri'];

const client = getDeployClient(target);
try {
  const endpoints = await client.listEndpoints();
  console.log(
    `endpoints: ${endpoints.map((endpoint) => `${endpoint.name} (${endpoint.endpointType})`).join(', ')}`,
  );

  const embeddings = await client.predict({
    endpoint: 'embeddings',
    inputs: { input: ['Do you carry the Storm Trooper costume in size 2T?', 'The weather is nice today.'] },
  });
  const vectors = embeddings.data.map((item) => item.embedding);
  console.log(`embeddings: ${vectors.length} vectors of ${vectors[0].length} floats`);

  const fillmask = await client.predict({
    endpoint: 'fillmask',
    inputs: { prompt: 'Nice to [MASK] you!' },
  });
  console.log(`fillmask: ${JSON.stringify(fillmask.choices[0].text)}`);

  const instruct = await client.predict({
    endpoint: 'mpt-instruct',
    inputs: {
      prompt: 'What is the purpose of an attention mask in a transformers model?',
      temperature: 0.1,
      max_tokens: 20,
    },
  });
  console.log(`mpt-instruct: ${JSON.stringify(instruct.choices[0].text)}`);
} finally {
  await client.close();
}

// The same gateway through its OpenAI-compatible routes: `model` is the endpoint's name.
const openai = new OpenAI({ baseURL: `${target}/v1`, apiKey: 'not-needed' });
const completion = await openai.completions.create({
  model: 'mpt-instruct',
  prompt: 'Tell me about rivers',
  max_tokens: 8,
});
console.log(`openai completions: ${JSON.stringify(completion.choices[0].text)}`);
const embedded = await openai.embeddings.create({
  model: 'embeddings',
  input: ['hello world'],
  encoding_format: 'float',
});
console.log(`openai embeddings: 1 vector of ${embedded.data[0].embedding.length} floats`);
