/**
 * Vendor callbacks. The body is read raw (signatures cover the exact bytes), verified by the
 * provider's scheme, de-duplicated by event id, and treated only as "go fetch the result": the
 * parked verification job is promoted so it polls now. Out-of-order or unknown references are
 * acknowledged without effect.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { errors } from '../../errors';
import { ProviderError, ProviderNameSchema } from '../../../providers/contract';
import { jobIds } from '../../workers/queues';
import { parseInput } from '../validate';
import { bodyLimit } from '../bodyLimit';

/** Largest callback body accepted, as openapi.yaml documents it (receiveWebhook: "up to 64 KiB"). */
const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

const VendorRefIndex = z.object({ recoveryId: z.string(), attempt: z.number() });

export function webhookRoutes(ctx: AppContext): Router {
  const router = Router();
  // bodyLimit first: express.raw would read off an oversized body whole before refusing it.
  const readRaw = [bodyLimit(WEBHOOK_BODY_LIMIT_BYTES), express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT_BYTES })];
  router.post('/v1/webhooks/:provider', ...readRaw, async (req, res) => {
    const name = ProviderNameSchema.safeParse(req.params.provider);
    const provider = name.success ? ctx.providers[name.data] : undefined;
    if (!name.success || !provider) throw errors.unknownProvider();
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let notice;
    try {
      notice = provider.verifyWebhook({ headers: req.headers, rawBody, now: ctx.clock.now() });
    } catch (err) {
      if (err instanceof ProviderError) throw errors.webhookRejected();
      throw err;
    }
    const fresh = await ctx.redis.set(ctx.keys.webhookEvent(name.data, notice.eventId), '1', 'EX', 7 * 24 * 3600, 'NX');
    if (fresh === 'OK') await promoteVerification(ctx, name.data, notice.vendorRef);
    res.status(204).end();
  });
  return router;
}

async function promoteVerification(ctx: AppContext, provider: string, vendorRef: string): Promise<void> {
  const raw = await ctx.redis.get(ctx.keys.vendorRef(provider, vendorRef));
  if (!raw) return; // early or unknown: the poll will find the result anyway
  const { recoveryId, attempt } = parseInput(VendorRefIndex, JSON.parse(raw), 'index');
  const job = await ctx.queues.verify.getJob(jobIds.verify(recoveryId, attempt));
  if (job && (await job.isDelayed())) await job.promote().catch(() => undefined); // raced with the poll: fine
}
