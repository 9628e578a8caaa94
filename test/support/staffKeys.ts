/** A named API key, created the way an admin would, for tests that need staff with names. */
import request from 'supertest';
import { ADMIN_KEY, type Harness } from './harness';

export async function namedKey(h: Harness, role: 'admin' | 'helpdesk' | 'reviewer', name: string): Promise<string> {
  const res = await request(h.baseUrl).post('/v1/admin/api-keys').set('Authorization', `Bearer ${ADMIN_KEY}`).send({ name, role }).expect(201);
  return (res.body as { key: string }).key;
}
