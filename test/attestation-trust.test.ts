/**
 * Attestation is trusted only through a trust anchor. The attack: a Tier-0 admin's recovery
 * (profile: device-bound only, attestation required, AAGUID allow list) presented a self-signed
 * `packed` attestation claiming the allow-listed AAGUID with BE = 0 and a software key, and it was
 * accepted. Here it is refused with a stable code, and so is a chain to a root nobody trusts;
 * a chain to the model's FIDO metadata root, or to the profile's own root, is accepted and the
 * anchor recorded; a model the metadata marks revoked is refused.
 */
import { mkdtempSync, copyFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ADMIN_KEY, createHarness, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import { issueAccessPass } from './browser/support/recoveries';
import { authenticate, makeAttestationCert, makeRoot, register, type Attestation, type CertAndKey } from './support/softAuthenticator';
import { view } from '../flows/transition';

const VIRTUAL = '01020304-0506-0708-0102-030405060708'; // allow-listed for tier0-admins (config/passkey-profiles.json)
const SOFT = '5ca1ab1e-0000-4000-8000-00000000a001'; // in the metadata, chained to rootA
const REVOKED = '5ca1ab1e-0000-4000-8000-00000000dead'; // in the metadata, status REVOKED
const ORG_KEY = '5ca1ab1e-0000-4000-8000-00000000b002'; // not in the metadata: the profile's own root vouches

let h: Harness;
let rootA: CertAndKey; // a vendor root in the FIDO metadata
let rootB: CertAndKey; // an organisation's own CA, trusted by one profile only
let stranger: CertAndKey; // a root nobody trusts

function statement(aaguid: string, root: CertAndKey, status: string) {
  const der = Buffer.from(root.der).toString('base64');
  return {
    aaguid,
    statusReports: [{ status, effectiveDate: '2024-01-01' }],
    metadataStatement: { aaguid, description: `test model ${aaguid}`, attestationTypes: ['basic_full'], attestationRootCertificates: [der] },
  };
}

beforeAll(async () => {
  [rootA, rootB, stranger] = await Promise.all([makeRoot('Vendor A'), makeRoot('Example Org'), makeRoot('Stranger')]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mds-'));
  copyFileSync('config/attestation-demo/chromium-virtual-authenticator.json', path.join(dir, 'chromium.json'));
  writeFileSync(
    path.join(dir, 'payload.json'),
    JSON.stringify({ entries: [statement(SOFT, rootA, 'FIDO_CERTIFIED_L1'), statement(REVOKED, rootA, 'REVOKED')] }),
  );
  h = await createHarness({ env: { ATTESTATION_METADATA_PATH: dir } });
  await seedDirectory(h);
});
afterAll(() => h.close());

const admin = () => ({ Authorization: `Bearer ${ADMIN_KEY}` });
const rp = () => ({ rpId: 'localhost', origin: h.baseUrl });

/** Dana (tier0-admins) with an open enrollment from a fresh recovery. */
async function openEnrollment() {
  const pass = await issueAccessPass(h, 'dana.kowalski', 'dana-kowalski');
  const started = await request(h.baseUrl).post('/v1/enrollments').send({ username: 'dana.kowalski', accessPass: pass.code }).expect(201);
  const { id, token, options } = started.body as { id: string; token: string; options: { challenge: string; attestation: string } };
  const post = (p: string, body: object = {}) => request(h.baseUrl).post(`/v1/enrollments/${id}${p}`).set('Authorization', `Bearer ${token}`).send(body);
  let challenge = options.challenge;
  expect(options.attestation).toBe('direct');
  return {
    recoveryId: pass.recoveryId,
    post,
    /** Registers a device-bound credential with the given attestation, on a fresh challenge each time. */
    async present(aaguid: string, attestation: Attestation) {
      const made = await register({ ...rp(), challenge, aaguid, backupEligible: false, attestation });
      const res = await post('/passkeys', { response: made.response });
      if (res.status !== 201) challenge = ((await post('/options').expect(200)).body as { options: { challenge: string } }).options.challenge;
      return { res, credential: made.credential };
    },
  };
}

it('refuses the forged self-signed attestation claiming the allow-listed model, with a stable code', async () => {
  const e = await openEnrollment();
  const forged = await makeAttestationCert(VIRTUAL, null, 'Chromium');
  const { res } = await e.present(VIRTUAL, { fmt: 'packed', chain: [forged] });
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({ code: 'passkey.profile_violation', errors: [{ profile: 'tier0-admins', rule: 'attestationEnforcement' }] });
  expect(res.body.title).toMatch(/no trusted root/);
  expect(await h.ctx.passkeys.createdBy(e.recoveryId)).toEqual([]);

  // A real chain, but to a root nobody trusts, is no better.
  const unanchored = await makeAttestationCert(VIRTUAL, stranger);
  expect((await e.present(VIRTUAL, { fmt: 'packed', chain: [unanchored, stranger] })).res.body.code).toBe('passkey.profile_violation');
  // Nor a genuine vendor chain presented for a model whose metadata names another root.
  const wrongModel = await makeAttestationCert(VIRTUAL, rootA);
  expect((await e.present(VIRTUAL, { fmt: 'packed', chain: [wrongModel] })).res.body.code).toBe('passkey.profile_violation');
  expect((await h.ctx.recoveries.get(e.recoveryId))?.snapshot && view((await h.ctx.recoveries.get(e.recoveryId))!.snapshot).status).toBe('access_pass_issued');
});

it("accepts a chain to the model's FIDO metadata root for an allow-listed model, records the anchor, and completes", async () => {
  const current = (await request(h.baseUrl).get('/v1/admin/passkey-profiles/tier0-admins').set(admin()).expect(200)).body as Record<string, unknown> & {
    keyRestrictions: { aaGuids: string[] };
  };
  const { name: _name, ...body } = current;
  await request(h.baseUrl)
    .put('/v1/admin/passkey-profiles/tier0-admins')
    .set(admin())
    .send({ ...body, keyRestrictions: { ...current.keyRestrictions, aaGuids: [...current.keyRestrictions.aaGuids, SOFT] } })
    .expect(200);

  const e = await openEnrollment();
  const leaf = await makeAttestationCert(SOFT, rootA);
  const { res, credential } = await e.present(SOFT, { fmt: 'packed', chain: [leaf] });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ aaguid: SOFT, profile: 'tier0-admins', deviceType: 'singleDevice' });
  expect(res.body.attestationAnchor).toMatch(new RegExp(`^mds:${SOFT}#[0-9a-f]{16}$`));
  const [stored] = await h.ctx.passkeys.createdBy(e.recoveryId);
  expect(stored).toMatchObject({ aaguid: SOFT, attestationAnchor: res.body.attestationAnchor, status: 'pending' });

  const challenge = ((await e.post('/assertion/options').expect(200)).body as { options: { challenge: string } }).options.challenge;
  await e.post('/assertion', { response: authenticate(credential, { ...rp(), challenge }, false) }).expect(200, { status: 'completed' });
  expect(view((await h.ctx.recoveries.get(e.recoveryId))!.snapshot).status).toBe('completed');
});

it('refuses a model whose FIDO metadata status is REVOKED, whatever its chain', async () => {
  const e = await openEnrollment();
  const leaf = await makeAttestationCert(REVOKED, rootA);
  const { res } = await e.present(REVOKED, { fmt: 'packed', chain: [leaf] });
  expect(res.status).toBe(422);
  expect(res.body.code).toBe('passkey.model_distrusted');
});

it("a profile's own attestation roots vouch for its models, for that profile only", async () => {
  await request(h.baseUrl)
    .put('/v1/admin/passkey-profiles/org-keys')
    .set(admin())
    .send({
      // Ahead of tier0-admins (priority 10): the first covering profile alone decides.
      passkeyTypes: ['deviceBound'],
      attestationEnforcement: 'registrationOnly',
      groups: ['tier0-admins'],
      priority: 5,
      keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [ORG_KEY] },
      attestationRoots: [rootB.pem],
    })
    .expect(201);
  const e = await openEnrollment();
  const leaf = await makeAttestationCert(ORG_KEY, rootB, 'Example Org');
  const { res } = await e.present(ORG_KEY, { fmt: 'packed', chain: [leaf] });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ profile: 'org-keys' });
  expect(res.body.attestationAnchor).toMatch(/^profile:org-keys#[0-9a-f]{16}$/);
  await request(h.baseUrl).delete('/v1/admin/passkey-profiles/org-keys').set(admin()).expect(204);
});

it('refuses, by API, a model allow list without required attestation, and a root that is not a certificate', async () => {
  const allowList = { isEnforced: true, enforcementType: 'allow', aaGuids: [SOFT] };
  const weak = await request(h.baseUrl)
    .put('/v1/admin/passkey-profiles/weak')
    .set(admin())
    .send({ passkeyTypes: ['deviceBound'], attestationEnforcement: 'disabled', keyRestrictions: allowList })
    .expect(400);
  expect(weak.body.code).toBe('request.invalid');
  expect(JSON.stringify(weak.body.errors)).toMatch(/attestationEnforcement/);
  const junk = await request(h.baseUrl)
    .put('/v1/admin/passkey-profiles/weak')
    .set(admin())
    .send({
      passkeyTypes: ['deviceBound'],
      attestationEnforcement: 'registrationOnly',
      attestationRoots: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'],
    })
    .expect(400);
  expect(junk.body.code).toBe('request.invalid');
  await request(h.baseUrl).get('/v1/admin/passkey-profiles/weak').set(admin()).expect(404);
});
