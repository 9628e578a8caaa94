/**
 * The core's double-billing guard (src/workers/submitOnce.ts) over a vendor stub that has no
 * idempotency keys: each `submit` opens (and bills) a new transaction, tagged with our key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { ProviderError, type IdvProvider, type SubmitInput, type SubmitOutcome } from '../../providers/contract';
import { redisKeys } from '../../src/stores/keys';
import { SubmissionMarkStore } from '../../src/stores/submissionMarkStore';
import { submitOnce } from '../../src/workers/submitOnce';

/** Bills every submit; "accepted, answer lost" on demand, like a time-out after the vendor took the request. */
class NoKeysVendor implements IdvProvider {
  readonly name = 'nokeys';
  readonly tags = new Map<string, string>();
  billed = 0;
  loseNextAnswer = false;
  async submit(input: SubmitInput): Promise<SubmitOutcome> {
    const vendorRef = randomUUID();
    this.tags.set(vendorRef, input.idempotencyKey);
    this.billed++;
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new ProviderError('idv.vendor_timeout', 'nokeys: no answer in time', { transient: true, delivery: 'unknown' });
    }
    return { vendorRef };
  }
  async findSubmission(key: string): Promise<string | null> {
    return [...this.tags].find(([, tag]) => tag === key)?.[0] ?? null;
  }
  fetchResult = async () => null;
  verifyWebhook = (): never => {
    throw new ProviderError('idv.webhook_rejected', 'none', { transient: false });
  };
  purge = async () => undefined;
}

describe('submitOnce: the double-billing guard for vendors without idempotency keys', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const marks = new SubmissionMarkStore(redis, redisKeys(`t${randomBytes(5).toString('hex')}`));
  const input = (): SubmitInput => ({
    idempotencyKey: `${randomUUID()}-1`,
    selfie: Buffer.from('s'),
    selfieSource: 'camera',
    documentFront: Buffer.from('d'),
    callbackUrl: 'http://127.0.0.1:9/unused',
  });
  afterAll(() => redis.quit());

  it('the stub really has no idempotency: the same request sent twice bills twice', async () => {
    const vendor = new NoKeysVendor();
    const request = input();
    await vendor.submit(request);
    await vendor.submit(request);
    expect(vendor.billed).toBe(2);
  });

  it('a retry after an "unknown delivery" resumes the transaction the vendor accepted: billed once', async () => {
    const vendor = new NoKeysVendor();
    const request = input();
    vendor.loseNextAnswer = true;
    await expect(submitOnce(vendor, request, marks)).rejects.toMatchObject({ delivery: 'unknown' });
    const retried = await submitOnce(vendor, request, marks);
    expect(vendor.billed).toBe(1);
    expect(vendor.tags.get(retried.vendorRef)).toBe(request.idempotencyKey);
  });

  it('a job re-run after its worker died mid-send (no error ever seen) finds the transaction too', async () => {
    const vendor = new NoKeysVendor();
    const request = input();
    const first = await submitOnce(vendor, request, marks); // the answer is lost with the worker
    const rerun = await submitOnce(vendor, request, marks);
    expect(rerun.vendorRef).toBe(first.vendorRef);
    expect(vendor.billed).toBe(1);
  });

  it('a re-send the vendor never received (nothing tagged) is sent', async () => {
    const vendor = new NoKeysVendor();
    const request = input();
    await marks.markSending(vendor.name, request.idempotencyKey); // a first try refused before it reached the vendor
    await submitOnce(vendor, request, marks);
    expect(vendor.billed).toBe(1);
  });

  it('a vendor with native idempotency keys is passed straight through: no mark, no look-up', async () => {
    const vendor = new NoKeysVendor();
    const native: IdvProvider = { ...vendor, name: 'native', submit: (i) => vendor.submit(i), findSubmission: undefined };
    const request = input();
    await submitOnce(native, request, marks);
    expect(await marks.markSending('native', request.idempotencyKey)).toBe(true); // never marked by the guard
  });
});
