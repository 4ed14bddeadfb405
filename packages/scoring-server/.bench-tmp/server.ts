import { createScoringApp } from '../src/index.js';
const model = {
  path: '/tmp', mlmodel: {}, signature: null, metadata: null, flavor: 'custom_model',
  async predict(input: unknown, _params: unknown, options: { signal?: AbortSignal }) { void options.signal; return input; },
};
const app = createScoringApp({ model, version: 'bench', logger: { warn() {}, error() {} } });
const address = await app.listen({ host: '127.0.0.1', port: 5077 });
console.log(address);
