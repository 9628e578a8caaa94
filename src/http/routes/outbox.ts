/**
 * Admin view of the local outbox (the default notification transport): the messages as sent,
 * newest first. With SMTP_URL set, mail leaves through SMTP and this list stays empty.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { OutboundMessageSchema } from '../../notifications/message';
import { OUTBOX_MAX } from '../../stores/outboxStore';
import { requireRole } from '../apiKeys';
import { parseInput, send } from '../validate';

const Query = z.object({
  to: z.string().trim().min(1).max(320).optional(),
  recoveryId: z.string().min(1).max(64).optional(),
  kind: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const Item = OutboundMessageSchema.extend({ createdAt: z.string() }).strict();
export const OutboxPage = z.strictObject({ transport: z.enum(['smtp', 'local']), items: z.array(Item) });
const PAGE = 500;

export function outboxRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/v1/admin/outbox', requireRole(ctx, 'admin'));

  router.get('/v1/admin/outbox', async (req, res) => {
    const q = parseInput(Query, req.query, 'query');
    const items: Array<z.input<typeof Item>> = [];
    for (let start = 0; start < OUTBOX_MAX && items.length < q.limit; start += PAGE) {
      const raws = await ctx.outbox.page(start, PAGE);
      for (const raw of raws) {
        const m = OutboundMessageSchema.parse(JSON.parse(raw));
        if ((q.to && m.to.toLowerCase() !== q.to.toLowerCase()) || (q.recoveryId && m.recoveryId !== q.recoveryId) || (q.kind && m.kind !== q.kind)) continue;
        if (items.length < q.limit) items.push({ ...m, createdAt: new Date(m.createdAt).toISOString() });
      }
      if (raws.length < PAGE) break;
    }
    // The messages hold one-time links: never cache them.
    send(res.setHeader('Cache-Control', 'no-store'), 200, OutboxPage, { transport: ctx.transport.name, items });
  });
  return router;
}
