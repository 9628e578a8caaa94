import request from 'supertest';
import { submitEvidence } from '../../src/recovery/submitEvidence';
import { loadIdentity } from '../fixtures/identities';
import { demoUsers } from '../../src/demo/directorySeed';
import { ADMIN_KEY, type Harness } from './harness';

export interface Evidence {
  selfie: Buffer;
  documentFront: Buffer;
  documentBack?: Buffer;
}

export async function seedDirectory(h: Harness): Promise<void> {
  for (const user of demoUsers) {
    await request(h.baseUrl).post('/v1/admin/users').set('Authorization', `Bearer ${ADMIN_KEY}`).send(user).expect(201);
  }
}

export async function start(h: Harness, username: string): Promise<{ id: string; token: string }> {
  const res = await request(h.baseUrl).post('/v1/recoveries').send({ username }).expect(201);
  return res.body as { id: string; token: string };
}

/**
 * What the recovery page sends. `selfieSource` defaults to `camera`, as the page's live-capture path
 * declares it; pass `file` for its upload path, or `null` to declare nothing (counts as `file`).
 */
export function upload(h: Harness, id: string, token: string, evidence: Evidence, consent = 'true', selfieSource: 'camera' | 'file' | null = 'camera') {
  let req = request(h.baseUrl)
    .post(`/v1/recoveries/${id}/evidence`)
    .set('Authorization', `Bearer ${token}`)
    .attach('selfie', evidence.selfie, 'selfie.png')
    .attach('documentFront', evidence.documentFront, 'front.png');
  if (evidence.documentBack) req = req.attach('documentBack', evidence.documentBack, 'back.png');
  if (selfieSource !== null) req = req.field('selfieSource', selfieSource);
  return req.field('consent', consent);
}

export function status(h: Harness, id: string, token: string) {
  return request(h.baseUrl).get(`/v1/recoveries/${id}`).set('Authorization', `Bearer ${token}`);
}

/** Starts, uploads, and waits for the verification to settle (without reading the status, which would reveal the pass). */
export async function recover(h: Harness, username: string, evidence: Evidence) {
  const { id, token } = await start(h, username);
  await upload(h, id, token, evidence).expect(202, { status: 'verifying' });
  await h.waitForStatus(id, (s) => s !== 'verifying');
  return { id, token };
}

/** A recovery of ben.okafor whose evidence was submitted in this process (no HTTP), now `verifying`. */
export async function submittedInProcess(h: Harness): Promise<string> {
  const { id } = await start(h, 'ben.okafor');
  const ben = loadIdentity('ben-okafor');
  await submitEvidence(h.ctx, (await h.ctx.recoveries.get(id))!, {
    files: { selfie: ben.selfie, documentFront: ben.documentFront },
    consent: true,
    selfieSource: 'camera',
  });
  return id;
}
