/**
 * Live progress over Server-Sent Events. A claimant's stream sends the current status on connect
 * and again after every change notice (re-read from the store, which is the truth); the first
 * read in `access_pass_issued` reveals the access pass, once, in this stream. The help-desk
 * stream sends the recent recoveries, then each one that changes: status and reasons only.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { finalStatuses } from '../../../flows/recoveryMachine';
import { authorizeStatusRead } from '../../recovery/authorize';
import { helpdeskView } from '../../recovery/helpdeskView';
import { readStatus } from '../../recovery/readStatus';
import { loadStatusSource } from '../../recovery/statusSource';
import { ALL_RECOVERIES } from '../../web/changeFeed';
import { openEventStream, type EventStream } from '../../web/sse';
import { StreamCaps } from '../../web/streamCaps';
import { clientOf } from '../rateLimit';
import { errors } from '../../errors';
import { requireRole } from '../apiKeys';
import { bearer, parseInput } from '../validate';
import { StatusResponse } from './recoveries';
import { HelpdeskRecovery } from './helpdesk';

const IdParams = z.object({ id: z.uuid() });
const RECENT = 50;

export function eventRoutes(ctx: AppContext): Router {
  const router = Router();
  const onError = (err: unknown) => ctx.logger.warn({ err: String(err) }, 'event stream ended by an error');
  const caps = new StreamCaps(ctx.config.SSE_MAX_PER_RECOVERY, ctx.config.SSE_MAX_PER_CLIENT);
  /** Opens the stream within the caps, or answers 429 with the rate-limit problem. */
  const capped = (req: Request, key: string | null): (() => void) => {
    const release = caps.acquire(key, clientOf(req, ctx.config.IPV6_PREFIX_LENGTH));
    if (!release) throw errors.tooManyStreams();
    return release;
  };

  router.get('/v1/recoveries/:id/events', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'path');
    await authorizeStatusRead(ctx, id, bearer(req));
    const release = capped(req, id);
    const stream = openEventStream(req, res, onError);
    stream.onClose(release);
    let last = '';
    const push = async () => {
      const current = await loadStatusSource(ctx, id);
      if (!current || stream.closed) return;
      const status = StatusResponse.parse(await readStatus(ctx, current));
      const text = JSON.stringify(status);
      if (text !== last) stream.send('status', status);
      last = text;
      if (finalStatuses.has(status.status)) stream.end();
    };
    await follow(ctx, stream, id, () => stream.enqueue(push));
    stream.enqueue(push);
  });

  router.get('/v1/helpdesk/events', requireRole(ctx, 'helpdesk'), async (req, res) => {
    const release = capped(req, null);
    const stream = openEventStream(req, res, onError);
    stream.onClose(release);
    await follow(ctx, stream, ALL_RECOVERIES, (id) =>
      stream.enqueue(async () => {
        const item = await helpdeskView(ctx, id);
        if (item) stream.send('recovery', HelpdeskRecovery.parse(item));
      }),
    );
    stream.enqueue(async () => {
      const items = (await Promise.all((await ctx.recoveries.recentIds(RECENT)).map((id) => helpdeskView(ctx, id)))).filter((v) => v !== null);
      stream.send('snapshot', { items: items.map((item) => HelpdeskRecovery.parse(item)) });
    });
  });
  return router;
}

/** Subscribes before the first read, so no change between the read and the subscription is missed. */
async function follow(ctx: AppContext, stream: EventStream, id: string, onChange: (id: string) => void): Promise<void> {
  const stop = await ctx.changes.listen(id, onChange);
  const untrack = ctx.changes.track(() => stream.end());
  stream.onClose(() => {
    stop();
    untrack();
  });
}
