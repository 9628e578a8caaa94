/**
 * What vendor webhooks need from Redis: de-duplication of deliveries (bounded, see
 * scripts/firstDelivery.lua.ts), the verification a vendor reference belongs to (the index
 * recovery/verificationRecord.ts writes with the vendor state), and the "fetch again" flag a
 * webhook raises for a verification job that is running when it arrives (workers/verifyProcessor.ts).
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from './keys';
import { FIRST_DELIVERY_SCRIPT } from './scripts/firstDelivery.lua';

/** How long a delivery id is remembered: vendors retry a failed delivery for hours, some for days. */
export const DELIVERY_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** The most delivery ids kept per vendor: ~4 MB at worst, whatever a vendor (or a leaked secret) sends. */
export const MAX_DELIVERIES = 50_000;
/** A raised flag outlives any poll interval (IDV_POLL_INTERVAL_MS ≤ 10 min) with room to spare. */
const WAKE_TTL_MS = 3600 * 1000;

const VerificationIndexSchema = z.object({ recoveryId: z.string(), attempt: z.number().int() });
export type VerificationIndex = z.infer<typeof VerificationIndexSchema>;

export interface DeliveryLimits {
  windowMs: number;
  maxIds: number;
}

export class WebhookStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly limits: DeliveryLimits = { windowMs: DELIVERY_WINDOW_MS, maxIds: MAX_DELIVERIES },
  ) {}

  /** True the first time `deliveryId` is seen from this vendor within the window. */
  async firstDelivery(provider: string, deliveryId: string, now: number): Promise<boolean> {
    const reply = await this.redis.eval(
      FIRST_DELIVERY_SCRIPT,
      1,
      this.keys.webhookDeliveries(provider),
      deliveryId,
      String(now),
      String(this.limits.windowMs),
      String(this.limits.maxIds),
    );
    return reply === 1;
  }

  /** The verification that sent `vendorRef`, or null when unknown (or not saved yet). */
  async verificationOf(provider: string, vendorRef: string): Promise<VerificationIndex | null> {
    const raw = await this.redis.get(this.keys.vendorRef(provider, vendorRef));
    return raw === null ? null : VerificationIndexSchema.parse(JSON.parse(raw));
  }

  /** A webhook said this attempt's result is ready: its job fetches again as soon as it yields. */
  async raiseWake(recoveryId: string, attempt: number): Promise<void> {
    await this.redis.set(this.keys.verifyWake(recoveryId, attempt), '1', 'PX', WAKE_TTL_MS);
  }

  /** Whether a webhook raised the flag since it was last taken; takes it. */
  async takeWake(recoveryId: string, attempt: number): Promise<boolean> {
    return (await this.redis.getdel(this.keys.verifyWake(recoveryId, attempt))) !== null;
  }
}
