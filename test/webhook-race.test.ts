/**
 * A vendor webhook that arrives while the verification job is running (after its fetch saw
 * "processing", before it parks itself for the next poll) cannot promote the job: an active job
 * is not delayed. It must still make the job fetch again as soon as it parks, not a poll
 * interval later (routes/webhooks.ts raises the attempt's wake flag; verifyProcessor.ts takes it).
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createHarness, type Harness } from './support/harness';
import { seedDirectory, start, upload } from './support/journey';
import { loadIdentity } from './fixtures/identities';
import { descriptors } from '../providers/registry';

// Any registered vendor that calls back and ships a mock; nothing here depends on which.
const vendor = descriptors.find((d) => d.capabilities.webhook !== 'none' && d.mock && d.conformance.webhook);

(vendor ? describe : describe.skip)('a webhook arriving while the verification job runs', () => {
  const d = vendor!;
  const fixture = d.conformance.webhook!;
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      // A poll a long way off, and the mock's own callbacks going nowhere: only our webhook can wake the job.
      env: { IDV_PROVIDER: d.name, IDV_POLL_INTERVAL_MS: '600000', WEBHOOK_BASE_URL: 'http://127.0.0.1:9' },
      vendorWebhooks: false,
    });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('makes the job fetch the result again as soon as it parks', async () => {
    const provider = h.ctx.providers[d.name]!;
    const fetchResult = provider.fetchResult.bind(provider);
    let webhookSent = false;
    provider.fetchResult = async (vendorRef) => {
      if (webhookSent) return fetchResult(vendorRef);
      webhookSent = true;
      while ((await fetchResult(vendorRef)) === null) await new Promise((r) => setTimeout(r, 10)); // the vendor finishing, not time passing
      // The vendor calls back now, while this run still holds the job.
      const rawBody = fixture.body(vendorRef, randomUUID());
      const headers = fixture.sign(fixture.secret(h.mocks.providersConfig[d.name]!), rawBody, h.ctx.clock.now());
      await request(h.baseUrl).post(`/v1/webhooks/${d.name}`).set(headers).set('Content-Type', 'application/octet-stream').send(rawBody).expect(204);
      return null; // what this run's fetch saw, just before the webhook
    };
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, ben).expect(202);
    expect(await h.waitForStatus(id, (s) => s !== 'verifying', 15_000)).toBe('access_pass_issued');
    expect(webhookSent).toBe(true);
  });
});
