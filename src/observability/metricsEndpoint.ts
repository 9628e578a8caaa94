/**
 * Who may scrape, and what a scrape answers. Shared by the API's `GET /metrics` and the small
 * listener worker-only processes open on WORKER_METRICS_PORT.
 */
import http from 'node:http';
import { matchesHash, sha256Hex } from '../crypto/secrets';
import type { AppContext } from '../context';
import { startProcessMetrics, type Metrics } from './metrics';

interface ScrapeKeys {
  METRICS_TOKEN?: string;
  ADMIN_API_KEY?: string;
}

/** Digests of the accepted bearer tokens: METRICS_TOKEN, and the admin key. None configured: nobody. */
export function scraperDigests(config: ScrapeKeys): string[] {
  return [config.METRICS_TOKEN, config.ADMIN_API_KEY].filter((k): k is string => !!k).map(sha256Hex);
}

export function isScraper(digests: string[], authorization: string | undefined): boolean {
  const presented = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization?.trim() ?? '')?.[1];
  if (!presented) return false;
  // Check every digest, so the time taken does not tell which token matched.
  return digests.map((digest) => matchesHash(presented, digest)).includes(true);
}

export async function renderMetrics(metrics: Metrics): Promise<{ contentType: string; body: string }> {
  startProcessMetrics(metrics);
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}

/** `GET /metrics` only, same tokens as the API; for processes that have no HTTP API. */
export async function startMetricsServer(ctx: AppContext, port: number): Promise<http.Server> {
  const digests = scraperDigests(ctx.config);
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    if (!isScraper(digests, req.headers.authorization)) return void res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
    renderMetrics(ctx.metrics).then(
      ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
      (err: unknown) => {
        ctx.logger.warn({ err: String(err) }, 'metrics scrape failed');
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(port, ctx.config.HOST, resolve));
  return server;
}
