/**
 * A person for the hard cases (NIST SP 800-63A-4 §3.1.13 trusted referee). The grey
 * zone is made deterministic from a real fixture: ben-okafor's selfie scores 95.19 with the Idemia
 * mock (see its `verification.verdict` audit entry), so FACE_MATCH_THRESHOLD=90 with
 * FACE_MATCH_REVIEW_BAND=10 puts it in [90, 100): passed, but sent to a person.
 */
import request from 'supertest';
import sharp from 'sharp';
import { createHarness, ADMIN_KEY, HELPDESK_KEY, type Harness } from './support/harness';
import { recover, seedDirectory, status } from './support/journey';
import { audit, eventually } from './support/trustAndSafety';
import { readVerification } from '../src/recovery/verificationRecord';
import { loadIdentity } from './fixtures/identities';
import { namedKey } from './support/staffKeys';

const REVIEWER_KEY = 'reviewer-key-for-tests-0123456789';
const env = { REVIEWER_API_KEY: REVIEWER_KEY, FACE_MATCH_THRESHOLD: '90', FACE_MATCH_REVIEW_BAND: '10', IDV_PROVIDER: 'idemia' };
/** Rita's own reviewer key (created in beforeAll): the key names the reviewer in the audit. */
let ritaKey = REVIEWER_KEY;
const asReviewer = (r: request.Test) => r.set('Authorization', `Bearer ${ritaKey}`);

describe('human review', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env });
    await seedDirectory(h);
    ritaKey = await namedKey(h, 'reviewer', 'rita');
  });
  afterAll(() => h.close());

  it('sends a grey-zone face score to review; the reviewer sees scores, reasons and the images, which are deleted at the decision', async () => {
    const { id, token } = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
    expect((await status(h, id, token)).body).toEqual({ id, status: 'in_review' });

    const list = await asReviewer(request(h.baseUrl).get('/v1/review/cases')).expect(200);
    const item = list.body.items.find((c: { recoveryId: string }) => c.recoveryId === id);
    expect(item).toMatchObject({
      username: 'ben.okafor',
      status: 'in_review',
      attempt: 1,
      provider: 'idemia',
      vendorDecision: 'approved',
      grounds: ['face_score_grey_zone'],
      faceMatch: { passed: true, score: 95.19 },
      liveness: true,
      documentAuthentic: true,
      accountMatch: { matched: true, failures: [] },
      evidenceAvailable: true,
    });
    expect(Array.isArray(item.reasonCodes)).toBe(true);
    expect(JSON.stringify(list.body)).not.toMatch(/[A-Za-z0-9+/]{200,}/); // no image bytes inline: they are fetched one by one

    // Retention is 0 here, yet the reviewer decides with the images: kept, encrypted, until the decision.
    const selfie = await asReviewer(request(h.baseUrl).get(`/v1/review/cases/${id}/evidence/selfie`))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((await sharp(selfie.body as Buffer).metadata()).width).toBeGreaterThanOrEqual(200);

    await asReviewer(request(h.baseUrl).post(`/v1/review/cases/${id}/decision`))
      .send({ decision: 'reject', reason: 'Portrait and selfie differ on manual comparison.' })
      .expect(200);
    const gone = await eventually(
      () => asReviewer(request(h.baseUrl).get(`/v1/review/cases/${id}/evidence/selfie`)),
      (r) => r.status === 404,
    );
    expect(gone.body.code).toBe('review.evidence_unavailable');
    expect((await asReviewer(request(h.baseUrl).get(`/v1/review/cases/${id}`)).expect(200)).body.evidenceAvailable).toBe(false);
    // Deleted from the object store too, not only hidden.
    const objectKeys = (await readVerification(h.ctx, id, 1))?.objectKeys ?? [];
    expect(objectKeys.length).toBeGreaterThan(0);
    await eventually(
      async () =>
        Promise.all(
          objectKeys.map((k) =>
            h.ctx.evidence.get(k).then(
              () => 'kept',
              () => 'gone',
            ),
          ),
        ),
      (states) => states.every((x) => x === 'gone'),
    );
  });

  it('only the reviewer key may review', async () => {
    for (const key of [ADMIN_KEY, HELPDESK_KEY, 'nope-nope-nope-nope']) {
      await request(h.baseUrl).get('/v1/review/cases').set('Authorization', `Bearer ${key}`).expect(401);
    }
  });

  it('an approval with a written reason leads to the access pass, shown once; it is audited', async () => {
    const { id, token } = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
    const decide = (body: object) => asReviewer(request(h.baseUrl).post(`/v1/review/cases/${id}/decision`)).send(body);
    await decide({ decision: 'approve' }).expect(400);
    await decide({ decision: 'approve', reason: 'ok' }).expect(400); // a reason, not a token gesture
    const approved = await decide({ decision: 'approve', reason: 'Selfie and portrait match on manual comparison of scores and vendor codes.' }).expect(200);
    expect(approved.body).toEqual({ id, status: 'access_pass_issued' });

    const first = await status(h, id, token).expect(200);
    expect(first.body.accessPass.code).toMatch(/^[A-HJ-NP-Z2-9#]{12}$/);
    expect((await status(h, id, token)).body.accessPass).toBeUndefined();

    const trail = await audit(h, { recoveryId: id });
    expect(trail.find((e) => e.type === 'recovery.transition' && e.data.event === 'REVIEW_APPROVED')).toMatchObject({ actor: 'reviewer:rita' });
    expect(trail.find((e) => e.type === 'review.decided')).toMatchObject({
      actor: 'reviewer:rita',
      data: { outcome: 'approved', reason: expect.stringContaining('manual comparison'), grounds: ['face_score_grey_zone'] },
    });
    const again = await decide({ decision: 'reject', reason: 'Changed my mind about this one.' }).expect(409);
    expect(again.body.code).toBe('review.not_pending');
    const decided = await asReviewer(request(h.baseUrl).get(`/v1/review/cases/${id}`)).expect(200);
    expect(decided.body).toMatchObject({ status: 'access_pass_issued', decision: { outcome: 'approved', reviewer: 'reviewer:rita' } });
    const pending = await asReviewer(request(h.baseUrl).get('/v1/review/cases')).expect(200);
    expect(pending.body.items.map((c: { recoveryId: string }) => c.recoveryId)).not.toContain(id);
  });

  it('a rejection ends the recovery', async () => {
    const { id, token } = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
    await asReviewer(request(h.baseUrl).post(`/v1/review/cases/${id}/decision`))
      .send({ decision: 'reject', reason: 'Vendor codes suggest a screen replay; asked the user to call the help desk.' })
      .expect(200, { id, status: 'rejected' });
    expect((await status(h, id, token)).body).toEqual({ id, status: 'rejected', reason: 'review_rejected' });
  });

  it('an unknown case is 404', async () => {
    await asReviewer(request(h.baseUrl).get('/v1/review/cases/00000000-0000-4000-8000-000000000000')).expect(404);
  });
});

describe('human review with evidence retention', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { ...env, EVIDENCE_RETENTION_SECONDS: '3600' } });
    ritaKey = await namedKey(h, 'reviewer', 'rita');
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('keeps showing the reviewer the images after the decision while retention keeps them', async () => {
    const { id } = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
    const one = await asReviewer(request(h.baseUrl).get(`/v1/review/cases/${id}`)).expect(200);
    expect(one.body.evidenceAvailable).toBe(true);
    const selfie = await asReviewer(request(h.baseUrl).get(`/v1/review/cases/${id}/evidence/selfie`))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(selfie.headers['cache-control']).toBe('no-store');
    expect((await sharp(selfie.body as Buffer).metadata()).width).toBeGreaterThanOrEqual(200);
    await asReviewer(request(h.baseUrl).post(`/v1/review/cases/${id}/decision`))
      .send({ decision: 'approve', reason: 'Selfie and portrait match on manual comparison.' })
      .expect(200);
    expect((await asReviewer(request(h.baseUrl).get(`/v1/review/cases/${id}`)).expect(200)).body.evidenceAvailable).toBe(true);
  });
});
