/** Bad input of every kind gets a 4xx application/problem+json with a stable code, never a 5xx. */
import request from 'supertest';
import sharp from 'sharp';
import { createHarness, HELPDESK_KEY, type Harness } from './support/harness';
import { seedDirectory, start, upload } from './support/journey';
import { loadIdentity } from './fixtures/identities';

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
}

describe('bad input', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false, env: { EVIDENCE_MAX_BYTES: '400000' } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('an empty file', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    expectProblem(await upload(h, id, token, { ...ben, selfie: Buffer.alloc(0) }), 400, 'evidence.empty_file');
  });

  it('a file that is not an image', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    expectProblem(await upload(h, id, token, { ...ben, documentFront: Buffer.from('%PDF-1.7 not an image') }), 415, 'evidence.not_an_image');
  });

  it('an oversized file, cut off while streaming', async () => {
    const ben = loadIdentity('ben-okafor');
    const big = await sharp({ create: { width: 1500, height: 1500, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .png()
      .toBuffer();
    expect(big.length).toBeGreaterThan(400_000);
    const { id, token } = await start(h, 'ben.okafor');
    expectProblem(await upload(h, id, token, { ...ben, selfie: big }), 413, 'evidence.too_large');
  });

  it('missing consent, and consent other than "true"', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    const noConsent = await request(h.baseUrl)
      .post(`/v1/recoveries/${id}/evidence`)
      .set('Authorization', `Bearer ${token}`)
      .attach('selfie', ben.selfie, 's.png')
      .attach('documentFront', ben.documentFront, 'f.png');
    expectProblem(noConsent, 400, 'evidence.consent_required');
    expectProblem(await upload(h, id, token, ben, 'yes'), 400, 'evidence.consent_required');
  });

  it('a missing file and an unexpected file field', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    const noFront = await request(h.baseUrl)
      .post(`/v1/recoveries/${id}/evidence`)
      .set('Authorization', `Bearer ${token}`)
      .attach('selfie', ben.selfie, 's.png')
      .field('consent', 'true');
    expectProblem(noFront, 400, 'evidence.missing_file');
    const extra = await request(h.baseUrl)
      .post(`/v1/recoveries/${id}/evidence`)
      .set('Authorization', `Bearer ${token}`)
      .attach('passport', ben.selfie, 'p.png')
      .field('consent', 'true');
    expectProblem(extra, 400, 'evidence.unexpected_field');
  });

  it('malformed JSON, wrong JSON shape, wrong media type', async () => {
    expectProblem(await request(h.baseUrl).post('/v1/recoveries').set('Content-Type', 'application/json').send('{"username":'), 400, 'request.malformed_json');
    expectProblem(await request(h.baseUrl).post('/v1/recoveries').send({ username: 42 }), 400, 'request.invalid');
    expectProblem(await request(h.baseUrl).post('/v1/recoveries').send({ username: 'a', extra: true }), 400, 'request.invalid');
    expectProblem(await request(h.baseUrl).post('/v1/recoveries').set('Content-Type', 'text/plain').send('username=a'), 415, 'request.unsupported_media_type');
  });

  it('an employee ID that is empty, too long or not printable, never echoed back', async () => {
    for (const employeeId of ['   ', 'E'.repeat(65), 'E-10\u000001', 42]) {
      const res = await request(h.baseUrl).post('/v1/recoveries').send({ username: 'ben.okafor', employeeId });
      expectProblem(res, 400, 'request.invalid');
      if (typeof employeeId === 'string' && employeeId.trim()) expect(JSON.stringify(res.body)).not.toContain(employeeId.slice(0, 20));
    }
    await request(h.baseUrl).post('/v1/recoveries').send({ username: 'ben.okafor', employeeId: ' E-1001 ' }).expect(201);
  });

  it('a selfie source outside camera | file', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    expectProblem(await upload(h, id, token, ben, 'true', 'screen' as 'camera'), 400, 'request.invalid');
  });

  it('an unknown recovery id, a malformed id, and a wrong or missing token', async () => {
    const { id } = await start(h, 'ben.okafor');
    expectProblem(
      await request(h.baseUrl).get('/v1/recoveries/6f1f1c52-0e8f-4a43-9d7c-1c0b8e6f2a11').set('Authorization', 'Bearer x'),
      404,
      'recovery.not_found',
    );
    expectProblem(await request(h.baseUrl).get('/v1/recoveries/not-a-uuid'), 400, 'request.invalid');
    expectProblem(await request(h.baseUrl).get(`/v1/recoveries/${id}`).set('Authorization', 'Bearer wrong-token'), 401, 'recovery.invalid_token');
    expectProblem(await request(h.baseUrl).get(`/v1/recoveries/${id}`), 401, 'recovery.invalid_token');
  });

  it('a reused, an unknown and an expired link', async () => {
    const made = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Authorization', `Bearer ${HELPDESK_KEY}`)
      .send({ username: 'ben.okafor' })
      .expect(201);
    expect(made.body.url.startsWith(`${h.baseUrl}/recover?link=`)).toBe(true);
    const linkToken = new URL(made.body.url).searchParams.get('link')!;
    await request(h.baseUrl).post('/v1/recoveries').send({ linkToken }).expect(201);
    expectProblem(await request(h.baseUrl).post('/v1/recoveries').send({ linkToken }), 410, 'recovery.link_used');
    expectProblem(
      await request(h.baseUrl)
        .post('/v1/recoveries')
        .send({ linkToken: 'A'.repeat(43) }),
      400,
      'recovery.link_invalid',
    );
    const now = h.ctx.clock.now();
    await h.ctx.links.create('expired-token-abcdefghijklmnop', { username: 'ben.okafor', createdBy: 'helpdesk', createdAt: now - 10, expiresAt: now - 1 }, now);
    expectProblem(await request(h.baseUrl).post('/v1/recoveries').send({ linkToken: 'expired-token-abcdefghijklmnop' }), 410, 'recovery.link_expired');
  });

  it('help-desk and admin endpoints without the right key, and link TTL above the maximum', async () => {
    expectProblem(await request(h.baseUrl).post('/v1/helpdesk/recovery-links').send({ username: 'x' }), 401, 'auth.unauthorized');
    expectProblem(await request(h.baseUrl).post('/v1/admin/users').set('Authorization', `Bearer ${HELPDESK_KEY}`).send({}), 401, 'auth.unauthorized');
    expectProblem(
      await request(h.baseUrl)
        .post('/v1/helpdesk/recovery-links')
        .set('Authorization', `Bearer ${HELPDESK_KEY}`)
        .send({ username: 'x', ttlMinutes: 7 * 24 * 60 + 1 }),
      400,
      'request.invalid',
    );
  });

  it('evidence for a recovery that is no longer awaiting it', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, ben).expect(202);
    expectProblem(await upload(h, id, token, ben), 409, 'recovery.not_awaiting_evidence');
  });

  it('an unknown route', async () => {
    expectProblem(await request(h.baseUrl).get('/v1/nothing-here'), 404, 'request.not_found');
  });
});
