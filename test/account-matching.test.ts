/**
 * Matching through the whole pipeline. The attacks: a person whose own genuine ID carries the
 * same name as an account holding no strong attribute was matched to it; and a namesake account
 * was recovered by whoever's claims matched first. Now the first ends `account_mismatch`, and the
 * second goes to a reviewer. And an account whose directory entry holds only an employee ID is
 * matched on names plus the employee ID its claimant gives, never on names alone.
 */
import request from 'supertest';
import { ADMIN_KEY, createHarness, type Harness } from './support/harness';
import { recover, seedDirectory, status, upload } from './support/journey';
import { matchAccount } from '../src/policies/accountMatch';
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
  await request(h.baseUrl)
    .put('/v1/admin/users/ben.okafor')
    .set('Authorization', `Bearer ${ADMIN_KEY}`)
    .send({ givenName: 'Benjamin', familyName: 'Okafor', documentNumber: 'D48 213 975', groups: ['staff'], emails: [] })
    .expect(200);
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

describe('the employee ID as a strong attribute (unit)', () => {
  const account = { username: 'ana.garcia', givenName: 'Ana', familyName: 'Garcia Nunez', employeeId: 'E-1001', disabled: false };
  const claims = {
    givenName: 'Ana María',
    familyName: 'García Núñez',
    birthDate: '1990-04-12',
    documentNumber: 'ESA847261',
    expiryDate: '2031-06-14',
    issuingCountry: 'ESP',
  };
  const policy = { mode: 'relaxed' as const, allowNameOnly: false };

  it("counts a given ID equal to the directory's after trimming and case folding only", () => {
    expect(matchAccount(account, claims, policy, { employeeId: '  e-1001 ' })).toEqual({ matched: true, failures: [] });
    expect(matchAccount({ ...account, employeeId: 'STRASSE-7' }, claims, policy, { employeeId: 'straße-7' }).matched).toBe(true);
    // Nothing but case and surrounding space is forgiven: a dash or a digit is part of the number.
    expect(matchAccount(account, claims, policy, { employeeId: 'E1001' }).failures).toContain('employee_id');
  });

  it('fails on a given ID that differs, even when another strong attribute matches', () => {
    expect(matchAccount(account, claims, policy, { employeeId: 'E-1002' })).toEqual({ matched: false, failures: ['employee_id', 'no_strong_attribute'] });
    expect(matchAccount({ ...account, birthDate: '1990-04-12' }, claims, policy, { employeeId: 'E-1002' })).toEqual({
      matched: false,
      failures: ['employee_id'],
    });
  });

  it('neither counts nor fails when not given (or when the directory holds none)', () => {
    expect(matchAccount(account, claims, policy)).toEqual({ matched: false, failures: ['no_strong_attribute'] });
    expect(matchAccount(account, claims, policy, { employeeId: null }).failures).toEqual(['no_strong_attribute']);
    expect(matchAccount(account, claims, { ...policy, allowNameOnly: true }).matched).toBe(true);
    expect(matchAccount({ ...account, employeeId: undefined, birthDate: '1990-04-12' }, claims, policy, { employeeId: 'anything' }).matched).toBe(true);
  });

  it('tells a namesake apart: a same-name account with another employee ID is not ambiguous', () => {
    const twin = { ...account, username: 'ana.garcia2', employeeId: 'E-2002' };
    expect(matchAccount(twin, claims, policy, { employeeId: 'E-1001' }).matched).toBe(false);
  });
});

describe('the employee ID end to end: the directory holds neither birth date nor document number', () => {
  const startWith = (employeeId?: string) =>
    request(h.baseUrl)
      .post('/v1/recoveries')
      .send({ username: 'ana.garcia', ...(employeeId === undefined ? {} : { employeeId }) })
      .expect(201)
      .then((res) => res.body as { id: string; token: string });
  const ana = loadIdentity('ana-garcia');

  beforeAll(async () => {
    await request(h.baseUrl)
      .put('/v1/admin/users/ana.garcia')
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .send({ givenName: 'Ana', familyName: 'Garcia Nunez', employeeId: 'E-1001', groups: ['staff'], emails: [] })
      .expect(200);
  });

  it('matches with the right employee ID (typed in another case, with spaces)', async () => {
    const { id, token } = await startWith(' e-1001 ');
    await upload(h, id, token, ana).expect(202);
    await h.waitForStatus(id, (s) => s !== 'verifying');
    expect((await status(h, id, token)).body.status).toBe('access_pass_issued');
    const [matched] = await audit(h, { recoveryId: id, type: 'account.matched' });
    expect(matched).toBeDefined();
  });

  it.each([
    ['a wrong employee ID', 'E-1002', 'employee_id'],
    ['no employee ID', undefined, 'no_strong_attribute'],
  ])('ends account_mismatch with %s', async (_label, employeeId, failure) => {
    const { id, token } = await startWith(employeeId);
    await upload(h, id, token, ana).expect(202);
    await h.waitForStatus(id, (s) => s !== 'verifying');
    const body = (await status(h, id, token)).body;
    expect(body).toMatchObject({ status: 'rejected', reason: 'account_mismatch' });
    const trail = await audit(h, { recoveryId: id });
    const notMatched = trail.find((e) => e.type === 'account.not_matched');
    expect(notMatched?.data.failures).toContain(failure);
    // What the claimant typed is never echoed back nor written to the audit trail.
    if (employeeId) expect(JSON.stringify([body, trail])).not.toContain(employeeId);
  });
});
