/**
 * `npm start` with no configuration: a private redis-server and an s3rver are spawned, and they
 * are gone when the service dies, even by SIGKILL (no orphans holding ports or data).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../dist/src/main.js');

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

describe('embedded defaults', () => {
  it('starts everything with no configuration, and leaves nothing behind when killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recovery-main-'));
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => { out += d.toString(); if (/s3: .*bucket/.test(out)) resolve(); });
      child.once('exit', (code) => reject(new Error(`main exited (${code}): ${out}`)));
    });
    const api = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const redis = Number(/redis: +embedded redis:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const s3 = Number(/s3rver http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    expect(await answers(api)).toBe(true);
    expect(await answers(redis)).toBe(true);
    expect(await answers(s3)).toBe(true);
    const ready = await fetch(`http://127.0.0.1:${api}/readyz`);
    expect(ready.status).toBe(200);

    child.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while ((await answers(redis)) || (await answers(s3))) {
      if (Date.now() > deadline) throw new Error('embedded redis or s3rver outlived the service');
      await new Promise((r) => setTimeout(r, 50)); // waiting for the children to notice, not for time to pass
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('DIRECTORY=ldap with no LDAP_URL starts a private slapd with the demo directory, gone with the service', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recovery-main-'));
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DIRECTORY: 'ldap' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => { out += d.toString(); if (/s3: .*bucket/.test(out)) resolve(); });
      child.once('exit', (code) => reject(new Error(`main exited (${code}): ${out}`)));
    });
    const api = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const slapd = Number(/directory: +ldap: embedded slapd ldap:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    expect(await answers(slapd)).toBe(true);
    // Accounts now live in LDAP: the built-in directory's API says so.
    const { adminApiKey } = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as { adminApiKey: string };
    const users = await fetch(`http://127.0.0.1:${api}/v1/admin/users`, { headers: { authorization: `Bearer ${adminApiKey}` } });
    expect(users.status).toBe(409);
    expect(((await users.json()) as { code: string }).code).toBe('directory.external');
    const ready = await fetch(`http://127.0.0.1:${api}/readyz`);
    expect(ready.status).toBe(200);

    child.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (await answers(slapd)) {
      if (Date.now() > deadline) throw new Error('embedded slapd outlived the service');
      await new Promise((r) => setTimeout(r, 50)); // waiting for the child to notice, not for time to pass
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('DIRECTORY=entra with no tenant starts the Graph-shaped stand-in with the demo directory and checks it at start-up', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recovery-main-'));
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DIRECTORY: 'entra' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (d: Buffer) => { out += d.toString(); if (/s3: .*bucket/.test(out)) resolve(); });
        child.once('exit', (code) => reject(new Error(`main exited (${code}): ${out}`)));
      });
      expect(out).toMatch(/directory: +entra: embedded Graph stand-in https:\/\/localhost:\d+\/v1\.0/);
      expect(out).toMatch(/access pass: +Entra TAP; enrollment at https:\/\/mysignins\.microsoft\.com\/security-info/);
      const api = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      expect((await fetch(`http://127.0.0.1:${api}/readyz`)).status).toBe(200);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
