/**
 * Found by the fuzzer: `If-None-Match: *` made express answer any JSON GET with 304 and no body
 * (res.json → fresh() treats `*` as "matches anything"). On `GET /v1/recoveries/{id}` that
 * swallowed the one read that carries the Temporary Access Pass: minted, hashed, marked shown,
 * and never delivered. Conditional headers must not change what a route answers.
 */
import request from 'supertest';
import { createHarness, type Harness } from '../support/harness';
import { recover, seedDirectory, status } from '../support/journey';
import { loadIdentity } from '../fixtures/identities';

describe('conditional request headers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('the first read after approval still carries the access pass under If-None-Match: *', async () => {
    const { id, token } = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
    const first = await status(h, id, token).set('If-None-Match', '*');
    expect(first.status).toBe(200);
    expect(first.body.accessPass?.code).toMatch(/^[A-HJ-NP-Z2-9#]{12}$/);
  });

  it('an API GET answers 200 with a body whatever the conditional headers say', async () => {
    const { id, token } = await recover(h, 'ana.garcia', loadIdentity('ana-garcia'));
    for (const [name, value] of [
      ['If-None-Match', '*'],
      ['If-Modified-Since', 'Thu, 01 Jan 2099 00:00:00 GMT'],
    ] as const) {
      const res = await request(h.baseUrl).get(`/v1/recoveries/${id}`).set('Authorization', `Bearer ${token}`).set(name, value);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(id);
    }
  });
});
