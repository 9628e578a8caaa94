/** A router mounted under its prefixes sees exactly its paths (src/http/mountUnder.ts). */
import express, { Router } from 'express';
import request from 'supertest';
import { mountUnder } from '../../src/http/mountUnder';

function app() {
  const inner = Router();
  inner.use('/v1/admin', (_req, res, next) => {
    res.setHeader('X-Seen', 'admin');
    next();
  });
  inner.get('/v1/admin/users', (_req, res) => void res.json({ route: 'users' }));
  const a = express();
  a.use(mountUnder(['/v1/admin'], inner));
  a.use((req, res) => void res.status(404).json({ path: req.path, seen: res.getHeader('X-Seen') ?? null }));
  return a;
}

describe('mountUnder', () => {
  it('hands the router its own paths (case-insensitive, as Express routes), and nothing else', async () => {
    await request(app()).get('/v1/admin/users').expect(200, { route: 'users' });
    await request(app()).get('/V1/Admin/Users').expect(200, { route: 'users' });
    await request(app()).get('/v1/admin/other').expect(404, { path: '/v1/admin/other', seen: 'admin' });
    await request(app()).get('/v1/admin').expect(404, { path: '/v1/admin', seen: 'admin' });
    await request(app()).get('/v1/administrators').expect(404, { path: '/v1/administrators', seen: null });
    await request(app()).get('/v1/recoveries').expect(404, { path: '/v1/recoveries', seen: null });
  });
});
