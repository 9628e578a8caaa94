import { Router } from 'express';
import type { AppContext } from '../../context';

/** Liveness (the process answers) and readiness (Redis and S3 reachable). */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  router.get('/readyz', async (_req, res) => {
    const [redis, s3] = await Promise.all([
      ctx.redis.ping().then((p) => p === 'PONG').catch(() => false),
      ctx.evidence.ready(),
    ]);
    res.status(redis && s3 ? 200 : 503).json({ status: redis && s3 ? 'ready' : 'not_ready', checks: { redis, s3 } });
  });
  return router;
}
