/**
 * End to end with DIRECTORY=ldap: accounts that exist only in a real OpenLDAP slapd are recovered,
 * passkey profiles target the slapd's (nested) groups, an account disabled there is not
 * recovered, and a directory that goes down while a decision is pending makes the recovery wait,
 * not fail.
 */
import request from 'supertest';
import { Attribute, Change, Client } from 'ldapts';
import { createHarness, ADMIN_KEY, type Harness } from './support/harness';
import { recover, start, upload } from './support/journey';
import { auditEntries, issueAccessPass } from './browser/support/recoveries';
import { loadIdentity } from './fixtures/identities';
import { startSlapdChild, type SlapdChild } from '../src/embedded/slapdChild';
import { demoLdapSeed } from '../src/demo/ldapDemo';
import { view } from '../flows/transition';

let slapd: SlapdChild;
let h: Harness;

beforeAll(async () => {
  slapd = await startSlapdChild({
    shape: 'openldap',
    // The demo people; Tier-0 admins are nested inside `admins` (profiles target the inner group).
    seed: demoLdapSeed(),
  });
  h = await createHarness({
    env: {
      DIRECTORY: 'ldap',
      LDAP_URL: slapd.url,
      LDAP_BIND_DN: slapd.bindDn,
      LDAP_BIND_PASSWORD: slapd.bindPassword,
      LDAP_BASE_DN: slapd.baseDn,
      LDAP_ATTR_BIRTH_DATE: 'birthDate',
      VERIFICATION_TIMEOUT_SECONDS: '30',
    },
  });
});
afterAll(async () => {
  await h?.close();
  await slapd?.stop();
});

const enroll = (body: object) => request(h.baseUrl).post('/v1/enrollments').send(body);

it('recovers an account that exists only in LDAP, and staff get the staff profile', async () => {
  expect(await h.ctx.builtinDirectory.list()).toEqual([]);
  const pass = await issueAccessPass(h, 'ana.garcia', 'ana-garcia');
  const res = await enroll({ username: 'ana.garcia', accessPass: pass.code }).expect(201);
  expect(res.body.options.attestation).toBe('none');
  const matched = await auditEntries(h, 'account.matched');
  expect(matched.some((e) => e.recoveryId === pass.recoveryId)).toBe(true);
});

it('applies the Tier-0 profile to a member of the LDAP group tier0-admins', async () => {
  const pass = await issueAccessPass(h, 'dana.kowalski', 'dana-kowalski');
  const res = await enroll({ username: 'dana.kowalski', accessPass: pass.code }).expect(201);
  expect(res.body.options.attestation).toBe('direct');
});

it('does not recover an account disabled in LDAP', async () => {
  const admin = new Client({ url: slapd.url });
  try {
    await admin.bind(slapd.adminDn, slapd.adminPassword);
    const { searchEntries } = await admin.search(slapd.baseDn, { filter: '(uid=erik.lindqvist)', attributes: ['1.1'] });
    // The ppolicy convention for "locked by an administrator".
    await admin.modify(
      searchEntries[0]!.dn,
      new Change({ operation: 'add', modification: new Attribute({ type: 'pwdAccountLockedTime', values: ['000001010000Z'] }) }),
    );
  } finally {
    await admin.unbind();
  }
  const { id } = await recover(h, 'erik.lindqvist', loadIdentity('erik-lindqvist'));
  const record = await h.ctx.recoveries.get(id);
  expect(view(record!.snapshot)).toMatchObject({ status: 'rejected', context: { reason: 'account_disabled' } });
});

it('keeps the built-in directory API out of the way: accounts are managed in LDAP', async () => {
  const res = await request(h.baseUrl).get('/v1/admin/users').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(409);
  expect(res.body).toMatchObject({ code: 'directory.external' });
});

it('waits while the directory is down, then decides once it is back', async () => {
  await slapd.down();
  try {
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, loadIdentity('ben-okafor')).expect(202);
    await waitFor(async () => (await auditEntries(h, 'verification.waiting')).some((e) => e.recoveryId === id));
    expect(view((await h.ctx.recoveries.get(id))!.snapshot).status).toBe('verifying');
  } finally {
    await slapd.up();
  }
  const waiting = (await auditEntries(h, 'verification.waiting')).at(-1)!;
  const settled = await h.waitForStatus(waiting.recoveryId, (s) => s !== 'verifying', 30_000);
  expect(settled).toBe('access_pass_issued');
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
