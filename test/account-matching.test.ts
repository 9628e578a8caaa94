/**
 * Matching through the whole pipeline. The attacks: a person whose own genuine ID carries the
 * same name as an account holding no strong attribute was matched to it; and a namesake account
 * was recovered by whoever's claims matched first. Now the first ends `account_mismatch`, and the
 * second goes to a reviewer.
 */
import request from 'supertest';
import { ADMIN_KEY, createHarness, type Harness } from './support/harness';
import { recover, seedDirectory, status } from './support/journey';
import { audit } from './support/trustAndSafety';
import { loadIdentity } from './fixtures/identities';

const REVIEWER_KEY = 'reviewer-key-for-tests-0123456789';
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ env: { REVIEWER_API_KEY: REVIEWER_KEY } });
  await seedDirectory(h);
});
afterAll(() => h.close());

const addUser = (user: object) => request(h.baseUrl).post('/v1/admin/users').set('Authorization', `Bearer ${ADMIN_KEY}`).send(user).expect(201);

it('refuses a match on names alone: a namesake account holding no strong attribute is account_mismatch', async () => {
  await addUser({ username: 'erik.namesake', givenName: 'Erik', familyName: 'Lindqvist', groups: ['staff'], emails: [] });
  const { id, token } = await recover(h, 'erik.namesake', loadIdentity('erik-lindqvist'));
  expect((await status(h, id, token)).body).toMatchObject({ status: 'rejected', reason: 'account_mismatch' });
  const [notMatched] = await audit(h, { recoveryId: id, type: 'account.not_matched' });
  expect(JSON.stringify(notMatched?.data)).toContain('no_strong_attribute');
});

it('accepts the ID document number as the strong attribute', async () => {
  // Ben's account holds his licence number (as printed, with spaces) instead of his birth date.
  await request(h.baseUrl).put('/v1/admin/users/ben.okafor').set('Authorization', `Bearer ${ADMIN_KEY}`)
    .send({ givenName: 'Benjamin', familyName: 'Okafor', documentNumber: 'D48 213 975', groups: ['staff'], emails: [] }).expect(200);
  const { id, token } = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
  expect((await status(h, id, token)).body.status).toBe('access_pass_issued');
});

it('sends claims that match two same-name accounts to a reviewer, never to the first match', async () => {
  await addUser({ username: 'wei.chen2', givenName: 'Wei', familyName: 'Chen', birthDate: '1978-02-28', groups: ['staff'], emails: [] });
  const { id, token } = await recover(h, 'wei.chen', loadIdentity('chen-wei'));
  expect((await status(h, id, token)).body).toEqual({ id, status: 'in_review' });
  const reviewed = await request(h.baseUrl).get(`/v1/review/cases/${id}`).set('Authorization', `Bearer ${REVIEWER_KEY}`).expect(200);
  expect(reviewed.body.grounds).toEqual(['same_name_ambiguous']);
});
