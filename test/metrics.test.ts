/**
 * Prometheus metrics at /metrics, per context registry, fed by real recoveries through
 * the HTTP API, the workers and the mock vendors.
 */
import request from 'supertest';
import { ADMIN_KEY, createHarness, type Harness } from './support/harness';
import { recover, seedDirectory, status } from './support/journey';
import { labelValues, sample } from './support/metricsText';
import { loadIdentity } from './fixtures/identities';
import { countAccessPassRedemption, createMetrics } from '../src/observability/metrics';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

async function scrape(h: Harness): Promise<string> {
  const res = await request(h.baseUrl).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.text;
}

/** Waits for the verification jobs to finish (status settles before a job's last vendor call, the purge). */
async function verificationsSettled(h: Harness): Promise<void> {
  for (;;) {
    const counts = await h.ctx.queues.verify.getJobCounts('active', 'waiting', 'delayed');
    if (Object.values(counts).every((n) => n === 0)) return;
    await new Promise((r) => setTimeout(r, 20)); // waiting for a worker, not for time to pass
  }
}

describe('/metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { METRICS_TOKEN } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('answers 401 without the metrics token or the admin key, and 200 with either', async () => {
    await request(h.baseUrl).get('/metrics').expect(401);
    await request(h.baseUrl).get('/metrics').set('Authorization', 'Bearer not-the-metrics-token-000000').expect(401);
    await request(h.baseUrl).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    await request(h.baseUrl).get('/metrics').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
  });

  it('counts a recovery from start to access pass, times the vendor and the routes by template', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await recover(h, 'ben.okafor', ben);
    await status(h, id, token).expect(200);
    await verificationsSettled(h); // the job's own duration is observed after the state change
    const text = await scrape(h);

    expect(sample(text, 'recovery_started_total', { provider: 'idemia', origin: 'self_service' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'recovery_transitions_total', { from: 'verifying', to: 'access_pass_issued' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'recovery_access_passes_issued_total', { provider: 'idemia' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'idv_vendor_request_duration_seconds_count', { provider: 'idemia', operation: 'submit', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'idv_circuit_state', { provider: 'idemia', state: 'closed' })).toBe(1);
    expect(sample(text, 'idv_circuit_state', { provider: 'idemia', state: 'open' })).toBe(0);
    expect(sample(text, 'bullmq_job_duration_seconds_count', { queue: 'verification', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'bullmq_queue_jobs', { queue: 'verification', state: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'bullmq_queue_jobs', { queue: 'timers', state: 'delayed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    const routes = labelValues(text, 'http_request_duration_seconds_count', 'route');
    expect(routes).toEqual(expect.arrayContaining(['/v1/recoveries', '/v1/recoveries/:id', '/v1/recoveries/:id/evidence']));
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/v1/recoveries/:id', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
    // A raw id as a label would make one series per recovery.
    expect(text).not.toContain(id);
  });

  it('counts a rejection by reason and provider', async () => {
    const ben = loadIdentity('ben-okafor');
    const chen = loadIdentity('chen-wei');
    await recover(h, 'ben.okafor', { ...ben, selfie: chen.selfie });
    const text = await scrape(h);
    expect(sample(text, 'recovery_rejected_total', { provider: 'idemia', reason: 'face_mismatch' })).toBe(1);
    expect(sample(text, 'recovery_transitions_total', { from: 'verifying', to: 'rejected' })).toBe(1);
  });

  it('counts vendor errors per provider and operation', async () => {
    await verificationsSettled(h); // an earlier job's vendor purge must not take the injected fault
    const before = sample(await scrape(h), 'idv_vendor_errors_total', { provider: 'idemia', operation: 'submit' }) ?? 0;
    h.mocks.vendor('idemia').sandbox.injectNext('http503', { count: 1 });
    await recover(h, 'ana.garcia', loadIdentity('ana-garcia'));
    const text = await scrape(h);
    expect(sample(text, 'idv_vendor_errors_total', { provider: 'idemia', operation: 'submit' })).toBe(before + 1);
    expect(sample(text, 'idv_vendor_request_duration_seconds_count', { provider: 'idemia', operation: 'submit', outcome: 'error' })).toBeGreaterThanOrEqual(1);
  });

  it('labels requests no route matched as one series, whatever their path', async () => {
    await request(h.baseUrl).get('/no/such/path/1').expect(404);
    await request(h.baseUrl).get('/no/such/path/2').expect(404);
    const text = await scrape(h);
    expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('/no/such/path');
  });
});

describe('metrics registries', () => {
  it('are per context: two contexts never share a count', async () => {
    const a = createMetrics();
    const b = createMetrics();
    countAccessPassRedemption(a);
    countAccessPassRedemption(a, 'rejected');
    expect(sample(await a.registry.metrics(), 'recovery_access_passes_redeemed_total', { result: 'redeemed' })).toBe(1);
    expect(sample(await a.registry.metrics(), 'recovery_access_passes_redeemed_total', { result: 'rejected' })).toBe(1);
    expect(sample(await b.registry.metrics(), 'recovery_access_passes_redeemed_total', { result: 'redeemed' })).toBeNull();
  });
});
