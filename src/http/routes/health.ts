import { Router } from 'express';
import type { AppContext } from '../../context';

/**
 * Liveness (the process answers) and readiness (Redis and S3 reachable, and a worker heartbeat is
 * recent: without workers no verification finishes; READYZ_REQUIRE_WORKERS=false reports it without failing).
 */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [redis, s3, workers] = await Promise.all([
      ctx.readiness.redisAnswers().catch(() => false),
      ctx.evidence.ready(),
      ctx.readiness.workersAlive().catch(() => false),
    ]);
    const ready = redis && s3 && (workers || !ctx.config.READYZ_REQUIRE_WORKERS);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: { redis, s3, workers } });
  });
  return router;
}
