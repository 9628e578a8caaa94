/**
 * Evidence in S3 is ciphertext and disappears after the decision; no plaintext access pass or link
 * token exists anywhere in Redis (including BullMQ's job data).
 */
import request from 'supertest';
import { createHarness, HELPDESK_KEY, type Harness } from './support/harness';
import { seedDirectory, start, status, upload } from './support/journey';
import { objects, redisDump } from './support/inspect';
import { loadIdentity } from './fixtures/identities';
import { decryptEvidence } from '../src/evidence/cipher';
import sharp from 'sharp';

describe('secrets and evidence at rest', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('stores evidence encrypted, then deletes it once the verification is decided', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, ben).expect(202);

    const stored = await objects(h);
    expect(stored.map((o) => o.key.split('/').pop()).sort()).toEqual(['documentBack', 'documentFront', 'selfie']);
    for (const object of stored) {
      for (const original of [ben.selfie, ben.documentFront, ben.documentBack]) {
        expect(object.body.includes(original.subarray(0, 64))).toBe(false);
      }
      expect(object.body.subarray(0, 8).equals(ben.selfie.subarray(0, 8))).toBe(false); // no PNG magic
      const plain = decryptEvidence(h.infra.evidenceKey, object.key, object.body);
      expect((await sharp(plain).metadata()).width).toBeGreaterThanOrEqual(200);
    }

    h.startWorkers();
    await h.waitForStatus(id, (s) => s !== 'verifying');
    expect(await objects(h)).toEqual([]);
    expect((await status(h, id, token)).body.status).toBe('access_pass_issued');
  });

  it('keeps no plaintext access pass, link token or recovery token in Redis', async () => {
    const link = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Authorization', `Bearer ${HELPDESK_KEY}`)
      .send({ username: 'ana.garcia' })
      .expect(201);
    const linkToken = new URL(link.body.url).searchParams.get('link')!;
    const started = await request(h.baseUrl).post('/v1/recoveries').send({ linkToken }).expect(201);
    const ana = loadIdentity('ana-garcia');
    await upload(h, started.body.id, started.body.token, ana).expect(202);
    await h.waitForStatus(started.body.id, (s) => s !== 'verifying');
    const shown = await status(h, started.body.id, started.body.token).expect(200);
    const code: string = shown.body.accessPass.code;

    const dump = await redisDump(h);
    expect(dump.length).toBeGreaterThan(1000); // we really read the records
    expect(dump).toContain(started.body.id);
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(linkToken);
    expect(dump).not.toContain(started.body.token);
  });
});
