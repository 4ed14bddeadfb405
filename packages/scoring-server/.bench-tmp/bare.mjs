import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.post('/invocations', async (request, reply) => reply.header('content-type', 'application/json').send(`{"predictions": ${JSON.stringify(request.body.inputs)}}`));
await app.listen({ host: '127.0.0.1', port: 5078 });
