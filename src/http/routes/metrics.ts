/**
 * `GET /metrics`: this process's Prometheus metrics. Bearer METRICS_TOKEN (or the admin key), so
 * a scraper gets read-only access without holding a key that can change anything.
 */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { errors } from '../../errors';
import { isScraper, renderMetrics, scraperDigests } from '../../observability/metricsEndpoint';

export function metricsRoutes(ctx: AppContext): Router {
  const router = Router();
  const digests = scraperDigests(ctx.config);
  router.get('/metrics', async (req, res) => {
    if (!isScraper(digests, req.headers.authorization)) throw errors.unauthorized();
    const { contentType, body } = await renderMetrics(ctx.metrics);
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  });
  return router;
}
