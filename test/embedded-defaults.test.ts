/**
 * `npm start` with no configuration: a private redis-server and an s3rver are spawned, and they
 * are gone when the service dies, even by SIGKILL (no orphans holding ports or data). The same
 * for the one-command demos of the connectors: `DIRECTORY=ldap` (a private slapd) and
 * `DIRECTORY=entra` (the Graph-shaped stand-in).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../dist/src/main.js');

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Started {
  child: ChildProcess;
  out: string;
  dataDir: string;
  api: number;
}

/** `npm start`'s entry point with only these settings, once it has printed what it started. */
async function startMain(env: Record<string, string> = {}): Promise<Started> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recovery-main-'));
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/s3: .*bucket/.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`main exited (${code}): ${out}`)));
  });
  return { child, out, dataDir, api: Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]) };
}

/** Kills the service with SIGKILL and waits until none of `ports` answers any more. */
async function killAndExpectGone(started: Started, ports: number[], what: string): Promise<void> {
  started.child.kill('SIGKILL');
  const deadline = Date.now() + 10_000;
  while ((await Promise.all(ports.map(answers))).some(Boolean)) {
    if (Date.now() > deadline) throw new Error(`${what} outlived the service`);
    await new Promise((r) => setTimeout(r, 50)); // waiting for the children to notice, not for time to pass
  }
  rmSync(started.dataDir, { recursive: true, force: true });
}

describe('embedded defaults', () => {
  it('starts everything with no configuration, and leaves nothing behind when killed with SIGKILL', async () => {
    const started = await startMain();
    const redis = Number(/redis: +embedded redis:\/\/127\.0\.0\.1:(\d+)/.exec(started.out)?.[1]);
    const s3 = Number(/s3rver http:\/\/127\.0\.0\.1:(\d+)/.exec(started.out)?.[1]);
    expect(await answers(started.api)).toBe(true);
    expect(await answers(redis)).toBe(true);
    expect(await answers(s3)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${started.api}/readyz`)).status).toBe(200);
    await killAndExpectGone(started, [redis, s3], 'embedded redis or s3rver');
  });

  it('DIRECTORY=ldap with no LDAP_URL starts a private slapd with the demo directory, gone with the service', async () => {
    const started = await startMain({ DIRECTORY: 'ldap' });
    const slapd = Number(/directory: +ldap: embedded slapd ldap:\/\/127\.0\.0\.1:(\d+)/.exec(started.out)?.[1]);
    expect(await answers(slapd)).toBe(true);
    // Accounts now live in LDAP: the built-in directory's API says so.
    const { adminApiKey } = JSON.parse(readFileSync(path.join(started.dataDir, 'credentials.json'), 'utf8')) as { adminApiKey: string };
    const users = await fetch(`http://127.0.0.1:${started.api}/v1/admin/users`, { headers: { authorization: `Bearer ${adminApiKey}` } });
    expect(users.status).toBe(409);
    expect(((await users.json()) as { code: string }).code).toBe('directory.external');
    expect((await fetch(`http://127.0.0.1:${started.api}/readyz`)).status).toBe(200);
    await killAndExpectGone(started, [slapd], 'embedded slapd');
  });

  it('DIRECTORY=entra with no tenant starts the Graph-shaped stand-in with the demo directory and checks it at start-up', async () => {
    const started = await startMain({ DIRECTORY: 'entra' });
    expect(started.out).toMatch(/directory: +entra: embedded Graph stand-in https:\/\/localhost:\d+\/v1\.0/);
    expect(started.out).toMatch(/access pass: +Entra TAP; enrollment at https:\/\/mysignins\.microsoft\.com\/security-info/);
    expect((await fetch(`http://127.0.0.1:${started.api}/readyz`)).status).toBe(200);
    await killAndExpectGone(started, [started.api], 'the service');
  });
});
