/**
 * The claimant's declared `documentCountry` chooses the vendor (IDV_ROUTES). The attack: declare a
 * country whose route goes to another vendor than the document's real country (a vendor with
 * weaker coverage of it, a cheaper contract, a laxer review) and present a genuine document of
 * another country. The vendor reads the issuing state from the document; a verdict whose route
 * the document does not belong to does not count.
 */
import request from 'supertest';
import { createHarness, type Harness } from './support/harness';
import { seedDirectory, start, status, upload } from './support/journey';
import { audit } from './support/trustAndSafety';
import { loadIdentity } from './fixtures/identities';

let h: Harness;
beforeAll(async () => {
  // Idemia is the primary; German documents go to Au10tix.
  h = await createHarness({ env: { IDV_ROUTES: 'DEU=au10tix' } });
  await seedDirectory(h);
});
afterAll(() => h.close());

const ben = loadIdentity('ben-okafor'); // a genuine US driving licence

function uploadDeclaring(id: string, token: string, country: string) {
  return request(h.baseUrl)
    .post(`/v1/recoveries/${id}/evidence`)
    .set('Authorization', `Bearer ${token}`)
    .attach('selfie', ben.selfie, 'selfie.png')
    .attach('documentFront', ben.documentFront, 'front.png')
    .field('selfieSource', 'camera')
    .field('documentCountry', country)
    .field('consent', 'true');
}

it('declines a verdict from the route of a declared country the document was not issued by, with both countries audited', async () => {
  const { id, token } = await start(h, 'ben.okafor');
  await uploadDeclaring(id, token, 'deu').expect(202);
  await h.waitForStatus(id, (s) => s !== 'verifying');
  // The declared route was taken (Au10tix, not the primary), and its "approved" did not count.
  expect(h.mocks.vendor('au10tix').stats().byKey[`${id}-1`]).toBe(1);
  expect(h.mocks.vendor('idemia').stats().byKey[`${id}-1`]).toBeUndefined();
  const body = (await status(h, id, token)).body as { status: string; reason?: string };
  expect(body.status).not.toBe('access_pass_issued');
  expect(body).toMatchObject({ status: 'awaiting_evidence', reason: 'document_country_mismatch' });
  const [verdict] = await audit(h, { recoveryId: id, type: 'verification.verdict' });
  expect(verdict?.data).toMatchObject({ provider: 'au10tix', decision: 'approved', documentCountry: { declared: 'DEU', read: 'USA' } });
  expect(await audit(h, { recoveryId: id, type: 'account.matched' })).toEqual([]);

  // Declaring the document's real country routes it right, and the same evidence then counts.
  await uploadDeclaring(id, token, 'USA').expect(202);
  await h.waitForStatus(id, (s) => s !== 'verifying');
  expect(h.mocks.vendor('idemia').stats().byKey[`${id}-2`]).toBe(1);
  expect((await status(h, id, token)).body.status).toBe('access_pass_issued');
});

it('checks nothing when no country is declared (the primary vendor, no route)', async () => {
  const { id, token } = await start(h, 'ben.okafor');
  await upload(h, id, token, ben).expect(202);
  await h.waitForStatus(id, (s) => s !== 'verifying');
  expect((await status(h, id, token)).body.status).toBe('access_pass_issued');
});
