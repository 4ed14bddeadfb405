// The floor of a gateway in front of a scoring server: a bare node:http server + undici Pool that
// does the minimum of the gateway's work for an `llm/v1/completions` endpoint of provider
// `mlflow-model-serving` — parse the request, rewrite it to MLflow's scoring protocol
// (`{"inputs": [prompt], "params": {...}}`), POST it to `<model server>/invocations`, parse the
// predictions and answer a `text_completion`. No validation, metrics, rate limits or errors bodies.
//
//   node bench/lib/bare-serving-proxy.mjs http://127.0.0.1:<model server port>
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstream = process.argv[2];
if (upstream === undefined) {
  console.error('usage: bare-serving-proxy.mjs <model server URL>');
  process.exit(2);
}
const pool = new Pool(upstream, { pipelining: 1, keepAliveTimeout: 30_000 });
const HEADERS = { 'content-type': 'application/json' };

function readBody(incoming) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    incoming.on('data', (chunk) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

const server = createServer(async (incoming, outgoing) => {
  try {
    const { prompt, ...params } = JSON.parse(await readBody(incoming));
    const response = await pool.request({
      method: 'POST',
      path: '/invocations',
      headers: HEADERS,
      body: JSON.stringify({ inputs: [prompt], params }),
    });
    const { predictions } = JSON.parse(await response.body.text());
    const answer = JSON.stringify({
      id: null,
      object: 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: 'bench-model',
      choices: predictions.map((text, index) => ({ index, text, finish_reason: null })),
      usage: { prompt_tokens: null, completion_tokens: null, total_tokens: null },
    });
    outgoing.writeHead(response.statusCode, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(answer),
    });
    outgoing.end(answer);
  } catch (error) {
    outgoing.writeHead(502).end(String(error));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stderr.write(`bare serving proxy at http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
