// The PostgreSQL floor of `runs/log-metric`: a bare node:http server that parses the JSON body and
// appends the point to a table with the same primary key as Millrace's metric history, by group
// commit (one statement in flight on one connection; the points that arrive meanwhile go into the
// next, as `unnest` arrays, autocommitted), and answers `{}` once its point is committed. No run
// check, no latest value, no foreign key, no validation: any durable PostgreSQL-backed server
// does at least this much work per point.
//
//   node bench/lib/bare-postgres-group-commit-server.mjs <postgresql URI>
import { createServer } from 'node:http';
import pg from 'pg';

const uri = process.argv[2];
if (uri === undefined) {
  console.error('usage: bare-postgres-group-commit-server.mjs <postgresql URI>');
  process.exit(2);
}
const client = new pg.Client({ connectionString: uri });
await client.connect();
await client.query(`create table if not exists floor_points (
  run_uuid text not null, key text not null, value float8 not null, timestamp int8 not null,
  step int8 not null, primary key (run_uuid, key, timestamp, step, value))`);

const INSERT = {
  name: 'floor_insert',
  text: `insert into floor_points select * from unnest($1::text[], $2::text[], $3::float8[], $4::int8[], $5::int8[]) on conflict do nothing`,
};
let pending = [];
let busy = false;

async function flushAll() {
  while (pending.length > 0) {
    const group = pending;
    pending = [];
    const columns = [[], [], [], [], []];
    for (const { point } of group) {
      columns[0].push(point.run_id);
      columns[1].push(point.key);
      columns[2].push(point.value);
      columns[3].push(point.timestamp);
      columns[4].push(point.step ?? 0);
    }
    try {
      await client.query({ ...INSERT, values: columns });
      for (const { done } of group) done(200, '{}');
    } catch (error) {
      for (const { done } of group)
        done(500, JSON.stringify({ error_code: 'INTERNAL_ERROR', message: String(error) }));
    }
  }
  busy = false;
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const point = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    pending.push({
      point,
      done: (status, body) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      },
    });
    if (!busy) {
      busy = true;
      setImmediate(flushAll);
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`serving the PostgreSQL group-commit floor at http://127.0.0.1:${server.address().port}`);
});
process.once('SIGTERM', () =>
  server.close(async () => {
    await client.end();
    process.exit(0);
  }),
);
