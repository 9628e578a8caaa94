/** Admin reports computed from the audit trail: the recovery funnel (reports/funnelReport.ts). */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { funnelReport } from '../../reports/funnelReport';
import { FunnelQuerySchema, FunnelReportSchema } from '../../reports/funnelSchema';
import { requireRole } from '../apiKeys';
import { parseInput, send } from '../validate';

export function reportRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/admin/reports', requireRole(ctx, 'admin'));

  router.get('/v1/admin/reports/funnel', async (req, res) => {
    const q = parseInput(FunnelQuerySchema, req.query, 'query');
    send(res.setHeader('Cache-Control', 'no-store'), 200, FunnelReportSchema, await funnelReport(ctx, q));
  });
  return router;
}
