/**
 * A simulated IDV vendor, in process, for the benchmarks: no image analysis, only the vendor's
 * timing. `submit` records the call in a ledger (a Redis hash: idempotency key → calls, so calls per
 * recovery can be counted) and the moment the verdict becomes available. With a zero latency it
 * answers at once (a synchronous vendor); otherwise `fetchResult` answers null until then and, if
 * a secret is set, a signed webhook is sent at that moment (an asynchronous vendor that calls back).
 * Every verdict approves the recovery's own bench user: "Bench User<i>" born 1990-01-01, as the
 * bench's directory holds them (distinct names, so no verdict is an ambiguous same-name match).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { IdvProvider, IdvResult, ProviderName } from '../../providers/contract';
import { ProviderError } from '../../providers/contract';
import { AuditStore } from '../../src/stores/auditStore';
import { RecoveryStore } from '../../src/stores/recoveryStore';
import { redisKeys } from '../../src/stores/keys';
import { benchFamilyName } from './benchUsers';

export interface SimVendorSettings {
  name: ProviderName;
  /** Vendor latency is drawn per submission, uniformly in [minMs, maxMs]. */
  minMs: number;
  maxMs: number;
  /** Set: call back `callbackUrl` when the verdict is ready (HMAC-SHA256 of the body in `x-sim-signature`). */
  webhookSecret?: string;
  /** The service's REDIS_PREFIX: the vendor reads whose recovery it is, to name them on the document. */
  redisPrefix: string;
}

export const LEDGER_KEY = 'bench:vendor:submits';
export const READY_KEY = 'bench:vendor:ready';

/** Deterministic per key, so a retried submission gets the same verdict time. */
function latencyFor(key: string, s: SimVendorSettings): number {
  const u = createHash('sha256').update(key).digest().readUInt32BE(0) / 0xffffffff;
  return Math.round(s.minMs + u * (s.maxMs - s.minMs));
}

function verdict(name: ProviderName, vendorRef: string, familyName: string): IdvResult {
  return {
    provider: name,
    vendorReference: vendorRef,
    decision: 'approved',
    faceMatch: { passed: true, score: 97, rawScore: '0.97', scale: 'sim 0..1' },
    liveness: { passed: true, raw: 'live' },
    document: { authentic: true, expired: false, raw: 'ok' },
    claims: { givenName: 'Bench', familyName, birthDate: '1990-01-01', documentNumber: 'B0000001', expiryDate: '2035-01-01', issuingCountry: null },
    reasonCodes: [],
  };
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function simVendor(redis: Redis, s: SimVendorSettings): IdvProvider {
  const readyAt = (vendorRef: string) => Number(vendorRef.split('.')[1]);
  const keys = redisKeys(s.redisPrefix);
  const recoveries = new RecoveryStore(redis, keys, new AuditStore(redis, keys));
  // vendorRef: sim.<ready>.<recoveryId>-<attempt>
  const verdictFor = async (vendorRef: string) => {
    const recoveryId = vendorRef.split('.').slice(2).join('.').replace(/-\d+$/, '');
    const found = await recoveries.getSummary(recoveryId);
    return verdict(s.name, vendorRef, benchFamilyName(found?.meta.username ?? ''));
  };
  return {
    name: s.name,
    async submit(input) {
      const latency = latencyFor(input.idempotencyKey, s);
      const ready = Date.now() + latency;
      const vendorRef = `sim.${ready}.${input.idempotencyKey}`;
      const recoveryId = input.idempotencyKey.replace(/-\d+$/, '');
      await redis.multi().hincrby(LEDGER_KEY, input.idempotencyKey, 1).hset(READY_KEY, recoveryId, String(ready)).exec();
      if (latency === 0) return { vendorRef, result: await verdictFor(vendorRef) };
      if (s.webhookSecret) {
        const body = JSON.stringify({ vendorRef, eventId: `${vendorRef}.done` });
        const secret = s.webhookSecret;
        setTimeout(() => {
          fetch(input.callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sim-signature': sign(secret, body) }, body }).catch(
            () => undefined,
          ); // a lost callback is what the poll is for
        }, latency).unref();
      }
      return { vendorRef };
    },
    async fetchResult(vendorRef) {
      return Date.now() >= readyAt(vendorRef) ? verdictFor(vendorRef) : null;
    },
    verifyWebhook(input) {
      const presented = Buffer.from(String(input.headers['x-sim-signature'] ?? ''));
      const expected = Buffer.from(sign(s.webhookSecret ?? '', input.rawBody.toString('utf8')));
      if (!s.webhookSecret || presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
        throw new ProviderError('idv.webhook_rejected', 'bad signature', { transient: false });
      }
      return JSON.parse(input.rawBody.toString('utf8')) as { vendorRef: string; eventId: string };
    },
    async purge() {
      return undefined;
    },
  };
}
