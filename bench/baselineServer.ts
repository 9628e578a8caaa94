/**
 * The floors the service is compared with, as a separate process:
 * - `GET /read`: a bare Express 5 route doing one Redis GET (the status-read baseline);
 * - `POST /hook/:id` + `GET /events/:id`: a callback PUBLISHed on Redis and relayed to an SSE
 *   stream subscribed to it (the push-latency baseline: HTTP in, Redis pub/sub, SSE out).
 * Prints `ready <url>` once it listens.
 */
import express from 'express';
import { Redis } from 'ioredis';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
const streams = new Map<string, express.Response>();

subscriber.on('message', (channel: string, message: string) => {
  streams.get(channel)?.write(`event: status\ndata: ${message}\n\n`);
});

const app = express();
app.disable('x-powered-by');
void redis.set('bench:baseline:value', JSON.stringify({ status: 'verifying' }));

app.get('/read', async (_req, res) => {
  res.json({ value: await redis.get('bench:baseline:value') });
});

app.post('/hook/:id', async (req, res) => {
  await redis.publish(`bench:push:${req.params.id}`, JSON.stringify({ status: 'ready', at: Date.now() }));
  res.status(204).end();
});

app.get('/events/:id', async (req, res) => {
  const channel = `bench:push:${req.params.id}`;
  await subscriber.subscribe(channel);
  streams.set(channel, res);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.write(': open\n\n');
  req.on('close', () => {
    streams.delete(channel);
    void subscriber.unsubscribe(channel);
  });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`ready http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
  subscriber.disconnect();
  process.exit(0);
});
