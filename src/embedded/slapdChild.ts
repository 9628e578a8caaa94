/**
 * A private OpenLDAP slapd for the test suite and the embedded demo (DIRECTORY=ldap): its own
 * temp dir, slapd.conf, MDB database and port, seeded in one of two attribute shapes (ldapSeed.ts).
 *
 * slapd runs in the foreground under a tiny `sh` that kills it when the wrapper's stdin pipe
 * closes, so a SIGKILLed parent leaves no orphan (as in redisChild.ts). The configuration is a
 * slapd.conf passed with -f and no -F, so the system's /etc/ldap/slapd.d is never read or
 * written, and it listens only on the ports given with -h, so a system slapd is irrelevant.
 *
 * People are loaded offline with slapadd; groups are added through the running server because
 * the memberof overlay only maintains `memberOf` for writes that go through slapd. `memberOf` is
 * operational: request it by name. It lists direct groups only; callers walk nesting themselves.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ldapts';
import { freePort } from './freePort';
import { groupEntries, peopleLdif, type LdapSchemaShape, type LdapSeed } from './ldapSeed';
import { serviceAccountLdif, slapdConf, type TlsFiles } from './slapdConfig';

export type { LdapSchemaShape } from './ldapSeed';

export interface SlapdChildOptions {
  shape: LdapSchemaShape;
  seed: LdapSeed;
  /** Default 'dc=example,dc=test'. */
  baseDn?: string;
  /** Also listen on ldaps:// with a certificate from a CA made for this instance; enables StartTLS. */
  tls?: boolean;
  port?: number;
}

export interface SlapdChild {
  /** ldap://127.0.0.1:<port> */
  url: string;
  port: number;
  /** ldaps://localhost:<port>, when tls. */
  ldapsUrl?: string;
  ldapsPort?: number;
  /** PEM of the CA that signed the server certificate (SAN localhost, 127.0.0.1), when tls. */
  caPem?: string;
  baseDn: string;
  /** A read-only service account (not the rootdn). */
  bindDn: string;
  bindPassword: string;
  /** The rootdn, for tests that modify entries. */
  adminDn: string;
  adminPassword: string;
  /** The instance's temp dir (config, database, TLS files); removed by stop(). */
  dir: string;
  /** Stops slapd, waits for it to exit and removes the temp dir. */
  stop(): Promise<void>;
  /**
   * Stops slapd but keeps the database and the port number for up(). While down no process
   * guards the dir: if this process is killed then, the dir stays behind (in the OS temp dir).
   */
  down(): Promise<void>;
  /** Starts slapd again on the same port over the same database. */
  up(): Promise<void>;
}

const START_DEADLINE_MS = 10_000;
const STDERR_KEEP = 16_384;

/**
 * $1 is the slapd binary. EOF on stdin or SIGTERM: stop slapd and remove RECOVERY_TMP_DIR.
 * SIGUSR1: stop slapd, keep the dir (down()). The wrapper also exits when slapd exits on its own,
 * so a start-up failure is seen at once. The stdin reader is a background job, which sh would
 * give /dev/null, hence the copy on fd 3.
 */
const WRAPPER = [
  'bin=$1; shift; exec 3<&0',
  '"$bin" "$@" </dev/null 3<&- & sp=$!',
  `trap 'stopping=1; kill $sp 2>/dev/null' TERM INT`,
  `trap 'kill $sp 2>/dev/null' USR1`,
  '( while read -r _; do :; done <&3; kill -TERM $$ ) & rp=$!',
  'while :; do wait $sp; st=$?; kill -0 $sp 2>/dev/null || break; done',
  'kill $rp 2>/dev/null',
  '[ -n "$stopping" ] && [ -n "$RECOVERY_TMP_DIR" ] && rm -rf "$RECOVERY_TMP_DIR"',
  'exit $st',
].join('\n');

export async function startSlapdChild(options: SlapdChildOptions): Promise<SlapdChild> {
  const baseDn = options.baseDn ?? 'dc=example,dc=test';
  const port = options.port ?? (await freePort());
  let ldapsPort: number | undefined;
  if (options.tls) {
    do ldapsPort = await freePort();
    while (ldapsPort === port);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recovery-slapd-'));
  const bindDn = `cn=recovery-svc,ou=services,${baseDn}`;
  const bindPassword = randomBytes(18).toString('base64url');
  const adminDn = `cn=admin,${baseDn}`;
  const adminPassword = randomBytes(18).toString('base64url');
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = ldapsPort === undefined ? undefined : `ldaps://localhost:${ldapsPort}`;
  const configFile = path.join(dir, 'slapd.conf');

  let caPem: string | undefined;
  let server: Server | undefined;
  try {
    mkdirSync(path.join(dir, 'db'));
    let tlsFiles: TlsFiles | undefined;
    if (options.tls) {
      // Loaded only when TLS is asked for (the certificate library is heavy to load).
      const { makeTlsMaterial } = await import('../../providers/vendor-http/tlsMaterial');
      const material = await makeTlsMaterial('private slapd');
      caPem = material.caPem;
      tlsFiles = { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
      writeFileSync(tlsFiles.ca, material.caPem);
      writeFileSync(tlsFiles.cert, material.certPem);
      writeFileSync(tlsFiles.key, material.keyPem, { mode: 0o600 });
    }
    writeFileSync(configFile, slapdConf({ shape: options.shape, baseDn, dir, adminDn, adminPassword, bindDn, tls: tlsFiles }));
    // Both validate the seed, so a bad one fails before any process starts.
    const ldif = `${peopleLdif(options.seed, options.shape, baseDn)}\n${serviceAccountLdif(bindDn, bindPassword)}`;
    const groups = groupEntries(options.seed, options.shape, baseDn);
    // slapadd parses the whole slapd.conf first, so it reports what slaptest would, ~40 ms sooner.
    const ldifFile = path.join(dir, 'people.ldif');
    writeFileSync(ldifFile, ldif);
    runTool('slapadd', ['-f', configFile, '-l', ldifFile]);

    const listeners = [`${url}/`, ...(ldapsUrl ? [`${ldapsUrl}/`] : [])].join(' ');
    // -d keeps slapd in the foreground; 'none' (unlike 0) still prints why it failed to start.
    const args = ['-h', listeners, '-f', configFile, '-d', 'none'];
    const ready = { url, baseDn, bindDn, bindPassword };
    server = await Server.start(args, dir, ready);

    const admin = new Client({ url, timeout: 5_000, connectTimeout: 2_000 });
    try {
      await admin.bind(adminDn, adminPassword);
      for (const group of groups) await admin.add(group.dn, group.attributes);
    } finally {
      await admin.unbind().catch(() => undefined);
    }

    const running = server;
    return {
      url,
      port,
      ldapsUrl,
      ldapsPort,
      caPem,
      baseDn,
      bindDn,
      bindPassword,
      adminDn,
      adminPassword,
      dir,
      async stop() {
        await running.stop('stop');
        rmSync(dir, { recursive: true, force: true });
      },
      down: () => running.stop('down'),
      up: () => running.restart(),
    };
  } catch (error) {
    await server?.stop('stop').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

interface ReadyCheck {
  url: string;
  baseDn: string;
  bindDn: string;
  bindPassword: string;
}

/** One slapd process at a time over the same args; restart() spawns a fresh one after down. */
class Server {
  private child: ChildProcess | undefined;
  private closed = true;
  /** Resolves on 'close' rather than 'exit', so all of stderr has been read by then. */
  private exited: Promise<void> = Promise.resolve();
  private stderr = '';

  private constructor(
    private readonly args: string[],
    private readonly dir: string,
    private readonly ready: ReadyCheck,
  ) {}

  static async start(args: string[], dir: string, ready: ReadyCheck): Promise<Server> {
    const server = new Server(args, dir, ready);
    await server.restart();
    return server;
  }

  async restart(): Promise<void> {
    if (!this.closed) return;
    this.stderr = '';
    this.closed = false;
    const child = spawn('sh', ['-c', WRAPPER, 'sh', tool('slapd'), ...this.args], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, RECOVERY_TMP_DIR: this.dir },
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_KEEP);
    });
    this.exited = new Promise<void>((resolve) =>
      child.once('close', () => {
        this.closed = true;
        resolve();
      }),
    );
    // Like the redis child: neither the process nor its stderr pipe keeps the parent alive.
    child.unref();
    (child.stderr as Socket | null)?.unref();
    this.child = child;
    try {
      await this.waitUntilReady(child);
    } catch (error) {
      await this.stop('down');
      throw error;
    }
  }

  /** 'stop' also lets the wrapper remove the dir; 'down' keeps it for restart(). */
  async stop(mode: 'stop' | 'down'): Promise<void> {
    const child = this.child;
    if (!child || this.closed) return;
    // Re-ref while waiting: with only unref'd handles left, Node would exit mid-await.
    child.ref();
    (child.stderr as Socket | null)?.ref();
    if (mode === 'stop') child.stdin?.end();
    else child.kill('SIGUSR1');
    await this.exited;
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + START_DEADLINE_MS;
    let lastError: unknown;
    while (Date.now() < deadline) {
      let answered = false;
      try {
        // Raced with the exit: whatever else holds the port may accept the probe and never answer.
        answered = await Promise.race([probe(this.ready).then(() => true), this.exited.then(() => false)]);
      } catch (error) {
        lastError = error;
      }
      if (this.closed) {
        throw new Error(`slapd exited during start-up (code ${child.exitCode ?? child.signalCode}):\n${this.stderr.trim()}`);
      }
      if (answered) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(
      `slapd did not answer a bind and search on ${this.ready.url} within ${START_DEADLINE_MS / 1000} s ` +
        `(last error: ${lastError instanceof Error ? lastError.message : String(lastError)}):\n${this.stderr.trim()}`,
    );
  }
}

/** A bind as the service account and a base search: the server is up and the seed is readable. */
async function probe(ready: ReadyCheck): Promise<void> {
  const client = new Client({ url: ready.url, timeout: 2_000, connectTimeout: 1_000 });
  try {
    await client.bind(ready.bindDn, ready.bindPassword);
    const { searchEntries } = await client.search(ready.baseDn, { scope: 'base', attributes: ['1.1'] });
    if (searchEntries.length !== 1) throw new Error(`base entry ${ready.baseDn} not found`);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** Debian installs the slapd tools in /usr/sbin, which is not on every user's PATH. */
function tool(name: 'slapd' | 'slapadd'): string {
  const sbin = path.join('/usr/sbin', name);
  return existsSync(sbin) ? sbin : name;
}

function runTool(name: 'slapadd', args: string[]): void {
  const result = spawnSync(tool(name), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) throw new Error(`${name} could not run (is slapd installed? apt-get install slapd): ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${name} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${`${result.stdout}${result.stderr}`.trim()}`);
  }
}
