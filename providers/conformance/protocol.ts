/**
 * The parts of the suite that need no real face or document, so they also run against a vendor's
 * real sandbox: authentication, error mapping of lookups, purge, and webhook verification with the
 * descriptor's own delivery fixture. Each follows from a declared capability, never from a name.
 */
import { randomUUID } from 'node:crypto';
import { ProviderError } from '../contract';
import type { ProviderDescriptor, WebhookFixture } from '../descriptor';
import { withConfig, wrongCredentials, type Target } from './target';

/** Timestamped schemes must refuse a delivery this old (docs/providers.md, "Webhooks": windows are minutes, never an hour). */
const STALE_MS = 3_600_000;

export function protocolChecks(d: ProviderDescriptor, target: () => Target): void {
  const unknownRef = () => `conformance-${randomUUID()}`;

  it('accepts the configured credentials: a lookup of an unknown reference is "pending" or a definitive not-found, never an auth failure', async () => {
    const outcome = await target()
      .provider.fetchResult(unknownRef())
      .then(
        () => null,
        (e: unknown) => e,
      );
    if (outcome !== null) {
      expect(outcome).toBeInstanceOf(ProviderError);
      expect(outcome).toMatchObject({ transient: false });
      expect((outcome as ProviderError).code).not.toBe('idv.vendor_auth_failed');
    }
  });

  it('refuses wrong credentials definitively (idv.vendor_auth_failed)', async () => {
    const { config } = target();
    const change = wrongCredentials(d, config);
    expect(Object.keys(change).length).toBeGreaterThan(0); // a descriptor marks its credentials
    const error = await withConfig(d, config, change)
      .fetchResult(unknownRef())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'idv.vendor_auth_failed', transient: false });
  });

  it('purges an unknown reference without error, twice (purge is idempotent)', async () => {
    const ref = unknownRef();
    await expect(target().provider.purge(ref)).resolves.toBeUndefined();
    await expect(target().provider.purge(ref)).resolves.toBeUndefined();
  });

  if (d.capabilities.webhook === 'none') {
    it('rejects every webhook delivery (it declares none)', () => {
      const deliveries = [
        { headers: {}, rawBody: Buffer.from('{}') },
        { headers: { 'content-type': 'application/json' }, rawBody: Buffer.alloc(0) },
      ];
      for (const delivery of deliveries) {
        expect(() => target().provider.verifyWebhook({ ...delivery, now: Date.now() })).toThrow(
          expect.objectContaining({ code: 'idv.webhook_rejected', transient: false }),
        );
      }
    });
    return;
  }
  webhookChecks(d, d.conformance.webhook!, target);
}

function webhookChecks(d: ProviderDescriptor, fixture: WebhookFixture<Record<string, unknown>>, target: () => Target): void {
  const rejects = (call: () => unknown) => expect(call).toThrow(expect.objectContaining({ code: 'idv.webhook_rejected', transient: false }));

  it('accepts a delivery signed with the configured secret, naming the reference and the event', () => {
    const now = Date.now();
    const rawBody = fixture.body('ref-1', 'event-1');
    const headers = fixture.sign(fixture.secret(target().config), rawBody, now);
    expect(target().provider.verifyWebhook({ headers, rawBody, now })).toEqual({ vendorRef: 'ref-1', eventId: 'event-1' });
  });

  it('rejects a wrong secret, an altered body and a missing signature', () => {
    const now = Date.now();
    const rawBody = fixture.body('ref-1', 'event-1');
    const secret = fixture.secret(target().config);
    rejects(() => target().provider.verifyWebhook({ headers: fixture.sign(`${secret}-wrong`, rawBody, now), rawBody, now }));
    const altered = Buffer.from(rawBody.toString('utf8').replace('ref-1', 'ref-2'));
    rejects(() => target().provider.verifyWebhook({ headers: fixture.sign(secret, rawBody, now), rawBody: altered, now }));
    rejects(() => target().provider.verifyWebhook({ headers: {}, rawBody, now }));
  });

  if (d.capabilities.webhookReplay === 'timestamp') {
    it('rejects a delivery signed an hour ago, and one from an hour ahead (replay window)', () => {
      const now = Date.now();
      const rawBody = fixture.body('ref-1', 'event-1');
      const secret = fixture.secret(target().config);
      rejects(() => target().provider.verifyWebhook({ headers: fixture.sign(secret, rawBody, now - STALE_MS), rawBody, now }));
      rejects(() => target().provider.verifyWebhook({ headers: fixture.sign(secret, rawBody, now + STALE_MS), rawBody, now }));
    });
  } else {
    it("names a stable event id, the core's replay guard (no timestamp to check)", () => {
      const now = Date.now();
      const rawBody = fixture.body('ref-1', 'event-1');
      const headers = fixture.sign(fixture.secret(target().config), rawBody, now);
      const first = target().provider.verifyWebhook({ headers, rawBody, now });
      const replay = target().provider.verifyWebhook({ headers, rawBody, now: now + STALE_MS });
      expect(replay).toEqual(first);
    });
  }

  if (fixture.irrelevantBody) {
    const irrelevant = fixture.irrelevantBody;
    it('acknowledges a verified event it does not act on as "ignored"', () => {
      const now = Date.now();
      const rawBody = irrelevant();
      const notice = target().provider.verifyWebhook({ headers: fixture.sign(fixture.secret(target().config), rawBody, now), rawBody, now });
      expect(notice).toEqual({ ignored: expect.any(String) });
    });
  }
}
