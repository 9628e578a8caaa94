/**
 * Vendor callbacks. The body is read raw (signatures cover the exact bytes) and verified by the
 * provider's scheme. A verified delivery is only ever "go fetch the result" (docs/providers.md,
 * "Webhooks"): it is de-duplicated by delivery id, then the verification it names is woken. A
 * delivery the vendor's scheme verifies but that concerns nothing we wait for (another event
 * type, another product) is acknowledged without effect, as are unknown or early references.
 */
import express, { Router } from 'express';
import type { AppContext } from '../../context';
import { errors } from '../../errors';
import { ProviderError, type WebhookNotice } from '../../../providers/contract';
import { jobIds } from '../../workers/queues';
import { bodyLimit } from '../bodyLimit';

/** Largest callback body accepted, as openapi.yaml documents it (receiveWebhook: "up to 64 KiB"). */
const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

export function webhookRoutes(ctx: AppContext): Router {
  const router = Router();
  // bodyLimit first: express.raw would read off an oversized body whole before refusing it.
  const readRaw = [bodyLimit(WEBHOOK_BODY_LIMIT_BYTES), express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT_BYTES })];
  router.post('/v1/webhooks/:provider', ...readRaw, async (req, res) => {
    const name = String(req.params.provider);
    // Own properties only: a name such as `constructor` is no vendor.
    const provider = Object.hasOwn(ctx.providers, name) ? ctx.providers[name] : undefined;
    if (!provider) throw errors.unknownProvider();
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let notice: WebhookNotice;
    try {
      notice = provider.verifyWebhook({ headers: req.headers, rawBody, now: ctx.clock.now() });
    } catch (err) {
      if (err instanceof ProviderError) throw errors.webhookRejected();
      throw err;
    }
    if ('ignored' in notice) return void res.status(204).end();
    if (await ctx.webhooks.firstDelivery(name, notice.eventId, ctx.clock.now())) await wakeVerification(ctx, name, notice.vendorRef);
    res.status(204).end();
  });
  return router;
}

/**
 * Makes the verification that sent `vendorRef` fetch its result now. The flag covers a job that is
 * running (it cannot be promoted): the job takes the flag when it parks itself and fetches again at
 * once (verifyProcessor.ts, `parkUntilPoll`). A parked job is promoted here.
 */
async function wakeVerification(ctx: AppContext, provider: string, vendorRef: string): Promise<void> {
  const index = await ctx.webhooks.verificationOf(provider, vendorRef);
  if (!index) return; // early or unknown: the poll will find the result anyway
  await ctx.webhooks.raiseWake(index.recoveryId, index.attempt);
  const job = await ctx.queues.verify.getJob(jobIds.verify(index.recoveryId, index.attempt));
  if (job && (await job.isDelayed())) await job.promote().catch(() => undefined); // raced with the poll: fine
}
