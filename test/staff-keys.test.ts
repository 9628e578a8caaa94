/**
 * Staff are named by their key, never by what they say. The attack: an agent holding the shared
 * help-desk key sent `X-Agent-Id: ceo@example.com`, and a link to a Tier-0 account was audited
 * as created by the CEO. Now the header is ignored; each person or system gets a named key
 * scoped to one role, stored only hashed, shown once, listable and revocable.
 */
import request from 'supertest';
import { ADMIN_KEY, HELPDESK_KEY, createHarness, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import { audit } from './support/trustAndSafety';
import { redisDump } from './support/inspect';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDirectory(h);
});
afterAll(() => h.close());

const asAdmin = (r: request.Test) => r.set('Authorization', `Bearer ${ADMIN_KEY}`);
const link = (key: string, username: string) =>
  request(h.baseUrl).post('/v1/helpdesk/recovery-links').set('Authorization', `Bearer ${key}`).set('X-Agent-Id', 'ceo@example.com').send({ username });

it('a self-named agent is recorded as the key that made the request, not the name it claims', async () => {
  const made = await link(HELPDESK_KEY, 'erik.lindqvist').expect(201);
  const [created] = await audit(h, { type: 'helpdesk.link_created', username: 'erik.lindqvist' });
  expect(created?.actor).toBe('helpdesk');
  const linkToken = new URL(made.body.url).searchParams.get('link') as string;
  const started = await request(h.baseUrl).post('/v1/recoveries').send({ linkToken }).expect(201);
  const viewed = await request(h.baseUrl).get(`/v1/helpdesk/recoveries/${started.body.id}`).set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(200);
  expect(viewed.body.initiatedBy).toBe('helpdesk');
  expect(JSON.stringify(await audit(h, {}))).not.toContain('ceo@example.com');
});

it('named keys: created once, named in the audit, scoped to their role, listed without the key, revoked at once', async () => {
  const createdRes = await asAdmin(request(h.baseUrl).post('/v1/admin/api-keys')).send({ name: 'jane.doe', role: 'helpdesk' }).expect(201);
  expect(createdRes.headers['cache-control']).toBe('no-store');
  const { key, id } = createdRes.body as { key: string; id: string };
  expect(key).toMatch(/^rk_helpdesk_[A-Za-z0-9_-]{43}$/);
  expect(createdRes.body).toMatchObject({ name: 'jane.doe', role: 'helpdesk', createdBy: 'admin', revokedAt: null });

  await link(key, 'ben.okafor').expect(201);
  const [jane] = await audit(h, { type: 'helpdesk.link_created', username: 'ben.okafor' });
  expect(jane?.actor).toBe('helpdesk:jane.doe');
  expect((await audit(h, { type: 'admin.api_key_created' }))[0]).toMatchObject({ actor: 'admin', data: { id, name: 'jane.doe', role: 'helpdesk' } });

  // Scoped: a help-desk key opens nothing else.
  await request(h.baseUrl).get('/v1/admin/api-keys').set('Authorization', `Bearer ${key}`).expect(401);
  await request(h.baseUrl).get('/v1/review/cases').set('Authorization', `Bearer ${key}`).expect(401);

  // Listed, never shown again; stored only as a digest.
  const listed = await asAdmin(request(h.baseUrl).get('/v1/admin/api-keys')).expect(200);
  expect(listed.body.items).toEqual([expect.objectContaining({ id, name: 'jane.doe', role: 'helpdesk', revokedAt: null })]);
  expect(JSON.stringify(listed.body)).not.toContain(key.slice(12));
  expect(await redisDump(h)).not.toContain(key.slice(12));

  // One active key per name and role.
  const taken = await asAdmin(request(h.baseUrl).post('/v1/admin/api-keys')).send({ name: 'jane.doe', role: 'helpdesk' }).expect(409);
  expect(taken.body.code).toBe('api_key.name_taken');

  const revoked = await asAdmin(request(h.baseUrl).delete(`/v1/admin/api-keys/${id}`)).expect(200);
  expect(revoked.body).toMatchObject({ id, revokedBy: 'admin' });
  expect(revoked.body.revokedAt).toEqual(expect.any(String));
  const refused = await link(key, 'ben.okafor').expect(401);
  expect(refused.body.code).toBe('auth.unauthorized');
  expect((await audit(h, { type: 'admin.api_key_revoked' }))[0]).toMatchObject({ actor: 'admin', data: { id, name: 'jane.doe' } });
  // Revoking again changes nothing; an unknown id is 404.
  expect((await asAdmin(request(h.baseUrl).delete(`/v1/admin/api-keys/${id}`)).expect(200)).body.revokedAt).toBe(revoked.body.revokedAt);
  expect((await asAdmin(request(h.baseUrl).delete('/v1/admin/api-keys/6f1d7a38-3cf0-4b8e-8a43-8a1d2b4f0c11')).expect(404)).body.code).toBe('api_key.not_found');
});

it('an admin acting with a named admin key is named in the audit of what it changes', async () => {
  const key = (await asAdmin(request(h.baseUrl).post('/v1/admin/api-keys')).send({ name: 'ops-bot', role: 'admin' }).expect(201)).body.key as string;
  await request(h.baseUrl).delete('/v1/admin/users/fatima.haddad').set('Authorization', `Bearer ${key}`).expect(204);
  const changes = await audit(h, { type: 'admin.user_changed', username: 'fatima.haddad' });
  expect(changes.find((e) => e.data.action === 'delete')?.actor).toBe('admin:ops-bot');
  expect(changes.find((e) => e.data.action === 'create')?.actor).toBe('admin'); // the seed, with the bootstrap key
});

it('refuses a bad name or role with request.invalid', async () => {
  for (const body of [{ name: 'has space', role: 'helpdesk' }, { name: 'x', role: 'root' }, { name: '', role: 'admin' }, { name: 'x' }]) {
    expect((await asAdmin(request(h.baseUrl).post('/v1/admin/api-keys')).send(body).expect(400)).body.code).toBe('request.invalid');
  }
});
