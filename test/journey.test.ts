/**
 * The whole journey over HTTP, against real Redis, real S3 (s3rver) and each
 * registered vendor's mock (providers/vendors.ts), with workers running verifications from BullMQ.
 */
import request from 'supertest';
import { createHarness, HELPDESK_KEY, type Harness } from './support/harness';
import { recover, seedDirectory, status } from './support/journey';
import { loadIdentity, perturbSelfie } from './fixtures/identities';
import { descriptors } from '../providers/registry';

// Every registered vendor that ships a mock, so a vendor added to providers/vendors.ts is covered with no edit here.
describe.each(descriptors.filter((d) => d.mock).map((d) => d.name))('recovery journey via %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { IDV_PROVIDER: provider } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('a matching selfie and ID end in access_pass_issued, and the code is shown exactly once', async () => {
    const ben = loadIdentity('ben-okafor');
    const { id, token } = await recover(h, 'ben.okafor', ben);
    const first = await status(h, id, token).expect(200);
    expect(first.body).toMatchObject({ id, status: 'access_pass_issued', next: { enrollmentUrl: `${h.baseUrl}/enroll` } });
    expect(first.body.accessPass.code).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
    expect(first.body.accessPass.oneTimeUse).toBe(true);
    const second = await status(h, id, token).expect(200);
    expect(second.body.status).toBe('access_pass_issued');
    expect(second.body.accessPass).toBeUndefined();
    expect(h.mocks.vendor(provider).stats().byKey[`${id}-1`]).toBe(1);

    const redeemed = await h.ctx.accessPasses.redeem('ben.okafor', first.body.accessPass.code, h.ctx.clock.now());
    expect(redeemed).toMatchObject({ ok: true, record: { recoveryId: id } });
    expect(await h.ctx.accessPasses.redeem('ben.okafor', first.body.accessPass.code, h.ctx.clock.now())).toEqual({ ok: false, reason: 'used' });
  });

  it('the same person re-photographed (small crop, brighter, re-encoded) still matches, with accents and a middle name tolerated', async () => {
    const ana = loadIdentity('ana-garcia');
    const selfie = await perturbSelfie(ana.selfie, { cropFraction: 0.05, brightness: 1.15, jpegQuality: 80 });
    const { id, token } = await recover(h, 'ana.garcia', { ...ana, selfie });
    expect((await status(h, id, token)).body.status).toBe('access_pass_issued');
  });

  it("another person's selfie with the right ID is rejected as a face mismatch", async () => {
    const ben = loadIdentity('ben-okafor');
    const chen = loadIdentity('chen-wei');
    const { id, token } = await recover(h, 'ben.okafor', { ...ben, selfie: chen.selfie });
    expect((await status(h, id, token)).body).toEqual({ id, status: 'rejected', reason: 'face_mismatch' });
  });

  it("another person's ID and selfie for this account are rejected as account_mismatch", async () => {
    const erik = loadIdentity('erik-lindqvist');
    const { id, token } = await recover(h, 'ben.okafor', erik);
    expect((await status(h, id, token)).body).toEqual({ id, status: 'rejected', reason: 'account_mismatch' });
  });

  it('an unknown account ends exactly like a mismatched one', async () => {
    const erik = loadIdentity('erik-lindqvist');
    const { id, token } = await recover(h, 'nobody.here', erik);
    expect((await status(h, id, token)).body).toEqual({ id, status: 'rejected', reason: 'account_mismatch' });
  });
});

describe('help-desk view', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { IDV_PROVIDER: 'au10tix' } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it("shows agents the status, reason and the vendor's reason codes, never the access pass", async () => {
    const ben = loadIdentity('ben-okafor');
    const fatima = loadIdentity('fatima-haddad');
    const passed = await recover(h, 'ben.okafor', ben);
    const shown = await status(h, passed.id, passed.token);
    const expired = await recover(h, 'fatima.haddad', fatima);
    const agent = (path: string) => request(h.baseUrl).get(path).set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(200);
    const list = await agent('/v1/helpdesk/recoveries?limit=10');
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([expired.id, passed.id]);
    const one = await agent(`/v1/helpdesk/recoveries/${expired.id}`);
    expect(one.body).toMatchObject({ status: 'awaiting_evidence', reason: 'document_expired', vendor: { provider: 'au10tix', decision: 'declined' } });
    expect(one.body.vendor.reasonCodes.length).toBeGreaterThan(0);
    const byUser = await agent('/v1/helpdesk/recoveries?username=BEN.OKAFOR');
    expect(byUser.body.items).toHaveLength(1);
    expect(JSON.stringify(byUser.body)).not.toContain(shown.body.accessPass.code);
  });
});
