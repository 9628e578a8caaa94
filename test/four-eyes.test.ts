/**
 * Four-eyes for privileged accounts: a help-desk link to a member of a PRIVILEGED_GROUPS group
 * (Tier-0 admins by default, nested memberships included) works only after a second staff member
 * approves it; the agent who made it cannot; both names are audited. Links to other accounts work
 * at once, as before.
 */
import request from 'supertest';
import { createHarness, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import { namedKey } from './support/staffKeys';
import { audit } from './support/trustAndSafety';

let h: Harness;
let jane: string;
let omar: string;
beforeAll(async () => {
  h = await createHarness();
  await seedDirectory(h);
  jane = await namedKey(h, 'helpdesk', 'jane.doe');
  omar = await namedKey(h, 'helpdesk', 'omar.said');
});
afterAll(() => h.close());

const link = (key: string, username: string) => request(h.baseUrl).post('/v1/helpdesk/recovery-links').set('Authorization', `Bearer ${key}`).send({ username });
const approve = (key: string, id: string) => request(h.baseUrl).post(`/v1/helpdesk/recovery-links/${id}/approval`).set('Authorization', `Bearer ${key}`);
const startWith = (url: string) =>
  request(h.baseUrl)
    .post('/v1/recoveries')
    .send({ linkToken: new URL(url).searchParams.get('link') });

it('a link to a Tier-0 admin works only after a second staff member approves it', async () => {
  const made = await link(jane, 'dana.kowalski').expect(201);
  expect(made.body).toMatchObject({ approvalRequired: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  // The attack the control stops: one agent, talked into it, sends a working link to an admin's account.
  expect((await startWith(made.body.url).expect(409)).body).toMatchObject({ code: 'recovery.link_pending_approval' });
  expect((await approve(jane, made.body.id).expect(403)).body).toMatchObject({ code: 'helpdesk.same_approver' });

  const approved = await approve(omar, made.body.id).expect(200);
  expect(approved.body).toMatchObject({ id: made.body.id, approvedBy: 'helpdesk:omar.said' });
  await approve(omar, made.body.id).expect(200); // again: the first approval stands, audited once
  const started = await startWith(made.body.url).expect(201);
  const viewed = await request(h.baseUrl).get(`/v1/helpdesk/recoveries/${started.body.id}`).set('Authorization', `Bearer ${omar}`).expect(200);
  expect(viewed.body.initiatedBy).toBe('helpdesk:jane.doe');

  const approvals = await audit(h, { type: 'helpdesk.link_approved', username: 'dana.kowalski' });
  expect(approvals).toHaveLength(1);
  expect(approvals[0]).toMatchObject({
    actor: 'helpdesk:omar.said',
    data: { linkId: made.body.id, createdBy: 'helpdesk:jane.doe', approvedBy: 'helpdesk:omar.said' },
  });
  const [created] = await audit(h, { type: 'helpdesk.link_created', username: 'dana.kowalski' });
  expect(created).toMatchObject({ actor: 'helpdesk:jane.doe', data: { approvalRequired: true } });
});

it('a link to anyone else works at once and needs no approval', async () => {
  const made = await link(jane, 'ben.okafor').expect(201);
  expect(made.body.approvalRequired).toBe(false);
  expect((await approve(omar, made.body.id).expect(409)).body).toMatchObject({ code: 'helpdesk.approval_not_required' });
  await startWith(made.body.url).expect(201);
});

it('an unknown link id is a 404, a malformed one a 400', async () => {
  expect((await approve(omar, '00000000-0000-4000-8000-000000000000').expect(404)).body).toMatchObject({ code: 'helpdesk.link_not_found' });
  await approve(omar, 'not-a-uuid').expect(400);
});
