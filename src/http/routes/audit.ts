/**
 * Admin API over the audit trail: a filtered, cursor-paginated query and a streamed JSON-lines
 * export. Entries never hold biometric data or secrets (see src/audit/auditLog.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AuditRecordSchema } from '../../audit/auditEntry';
import { queryAudit, type AuditFilter } from '../../audit/auditQuery';
import { exportAudit } from '../../audit/auditExport';
import { ChainReportSchema, verifyChain } from '../../audit/verifyChain';
import { parseHead } from '../../crypto/auditChain';
import { requireRole } from '../apiKeys';
import { parseInput, send } from '../validate';

const time = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));
const FilterQuery = z.object({
  recoveryId: z.string().min(1).max(64).optional(),
  username: z.string().trim().min(1).max(256).optional(),
  /** One type or several, comma-separated. */
  type: z
    .string()
    .max(1024)
    .regex(/^[\w.,]+$/)
    .optional(),
  from: time.optional(),
  to: time.optional(),
});
const PageQuery = FilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,20}-\d{1,20}$/)
    .optional(),
});
const VerifyQuery = z.object({
  /** A head the audit sink received (`<seq>:<hash>`): the trail must still hold it. */
  expectHead: z
    .string()
    .regex(/^\d{1,15}:[0-9a-f]{40}$/)
    .optional(),
});
export const AuditPage = z.strictObject({ items: z.array(AuditRecordSchema), nextCursor: z.string().nullable() });

function toFilter(q: z.infer<typeof FilterQuery>): AuditFilter {
  return { recoveryId: q.recoveryId, username: q.username, types: q.type?.split(',').filter(Boolean), from: q.from, to: q.to };
}

export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/admin/audit', requireRole(ctx, 'admin'));

  router.get('/v1/admin/audit', async (req, res) => {
    const q = parseInput(PageQuery, req.query, 'query');
    const page = await queryAudit(ctx, toFilter(q), { limit: q.limit, cursor: q.cursor ?? null });
    send(res.setHeader('Cache-Control', 'no-store'), 200, AuditPage, page);
  });

  // The same check as `npm run audit:verify`, for deployments whose Redis only the service reaches.
  router.get('/v1/admin/audit/verify', async (req, res) => {
    const q = parseInput(VerifyQuery, req.query, 'query');
    const report = await verifyChain(ctx.audit, parseHead(q.expectHead));
    send(res.setHeader('Cache-Control', 'no-store'), 200, ChainReportSchema, report);
  });

  router.get('/v1/admin/audit/export', async (req, res) => {
    const q = parseInput(FilterQuery, req.query, 'query');
    res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="audit.jsonl"');
    res.setHeader('Cache-Control', 'no-store');
    await exportAudit(ctx, toFilter(q), res);
    res.end();
  });
  return router;
}
