/**
 * One deployment under test, shaped like production: a private redis-server with AOF persistence
 * (restartable over the same port and directory), an s3rver child, the three mock vendors in this
 * process (so their billing counters and fault switches are at hand), the API as one child process
 * and 1–2 worker child processes, all configured through the environment only.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startRedisChild, type RedisChild } from '../src/embedded/redisChild';
import { startS3rverChild, type S3rverChild } from '../src/embedded/s3rverChild';
import { freePort } from '../src/embedded/freePort';
import { providersConfigToEnv } from '../src/runtime/resolveProviders';
import { demoUsers } from '../src/demo/directorySeed';
import { startMockVendors, type MockVendors } from '../providers/mock-kit/startMocks';
import { analyzeEvidence } from '../providers/mock-kit/analyzeEvidence';
import { ROSTER_REFERENCE_DAY } from '../providers/mock-kit/referenceDay';
import type { ProviderName } from '../providers/contract';
import { spawnNode, type ManagedChild } from './procs';
import { repoRoot } from './paths';

export interface ClusterOptions {
  /** Directory for this cluster's logs and Redis AOF. */
  dir: string;
  /** Root of the compiled service to run (holds dist/ and package.json); default the repository. */
  appRoot?: string;
  workers: number;
  provider: ProviderName;
  fallbacks?: ProviderName[];
  /** How long Idemia and Au10tix stay "processing", ms. */
  vendorProcessingMs: number;
  /** Per-request vendor time-out given to the adapters, ms. */
  vendorTimeoutMs: number;
  /** Sandbox `timeout` fault: how long a mock holds a request (longer than vendorTimeoutMs). */
  vendorHangMs?: number;
  /** Extra service settings (VERIFICATION_TIMEOUT_SECONDS, ...). */
  env?: Record<string, string>;
}

export interface WorkerSlot {
  index: number;
  generation: number;
  proc: ManagedChild;
  ready: boolean;
}

export class Cluster {
  readonly prefix = 'chaos';
  readonly adminKey = `chaos-admin-${randomBytes(12).toString('hex')}`;
  readonly helpdeskKey = `chaos-helpdesk-${randomBytes(12).toString('hex')}`;
  readonly reviewerKey = `chaos-reviewer-${randomBytes(12).toString('hex')}`;
  apiUrl = '';
  env: Record<string, string> = {};
  redis!: RedisChild;
  /** This process's own connection (audit stream, job hashes); survives Redis restarts. */
  admin!: Redis;
  s3!: S3rverChild;
  mocks!: MockVendors;
  api!: ManagedChild;
  readonly workers: WorkerSlot[] = [];
  workerStarts = 0;
  private redisPort = 0;
  private readonly redisDir: string;
  private stopped = false;

  private constructor(readonly options: ClusterOptions) {
    this.redisDir = path.join(options.dir, 'redis');
  }

  static async start(options: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(options);
    try {
      await cluster.boot();
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  private async boot(): Promise<void> {
    const o = this.options;
    mkdirSync(this.redisDir, { recursive: true });
    for (const script of [this.apiScript(), this.workerScript()]) {
      if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
    }
    this.redisPort = await freePort();
    const [redis, s3, mocks] = await Promise.all([
      startRedisChild({ appendOnly: true, dir: this.redisDir, port: this.redisPort }),
      startS3rverChild('chaos-evidence'),
      startMockVendors({
        processingDelayMs: o.vendorProcessingMs,
        timeoutMs: o.vendorTimeoutMs,
        sandbox: { hangMs: o.vendorHangMs ?? 60_000 },
        analyze: (images) => analyzeEvidence(images, new Date(ROSTER_REFERENCE_DAY)),
      }),
    ]);
    this.redis = redis;
    this.s3 = s3;
    this.mocks = mocks;
    this.admin = new Redis(redis.url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.admin.on('error', () => undefined); // reconnects by itself across Redis restarts
    const apiPort = await freePort();
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      // A snapshot of dist/ outside the repository resolves packages from the repository's.
      NODE_PATH: path.join(repoRoot(), 'node_modules'),
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: this.apiUrl,
      LOG_LEVEL: 'warn',
      REDIS_URL: redis.url,
      REDIS_PREFIX: this.prefix,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'chaos-evidence',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      EVIDENCE_KEY: randomBytes(32).toString('base64'),
      ADMIN_API_KEY: this.adminKey,
      HELPDESK_API_KEY: this.helpdeskKey,
      REVIEWER_API_KEY: this.reviewerKey,
      IDV_PROVIDER: o.provider,
      ...(o.fallbacks && o.fallbacks.length > 0 ? { IDV_FALLBACK_PROVIDERS: o.fallbacks.join(',') } : {}),
      ...providersConfigToEnv(mocks.providersConfig),
      // Debugging aid: e.g. a --require preload that traces Redis commands in every child.
      ...(process.env.CHAOS_CHILD_NODE_OPTIONS ? { NODE_OPTIONS: process.env.CHAOS_CHILD_NODE_OPTIONS } : {}),
      ...o.env,
    };
    this.api = spawnNode('api', this.apiScript(), { env: this.env, logFile: path.join(o.dir, 'api.log'), cwd: repoRoot() });
    await this.api.waitForLine(/recovery API listening on/, 30_000);
    await Promise.all(Array.from({ length: o.workers }, (_, i) => this.startWorker(i)));
    await this.seedDirectory();
  }

  /** (Re)starts worker slot `index`; resolves when it is taking jobs. */
  async startWorker(index: number): Promise<WorkerSlot> {
    const generation = (this.workers[index]?.generation ?? -1) + 1;
    this.workerStarts += 1;
    const proc = spawnNode(`worker${index}.${generation}`, this.workerScript(), {
      env: this.env,
      logFile: path.join(this.options.dir, `worker${index}.log`),
      cwd: repoRoot(),
    });
    const slot: WorkerSlot = { index, generation, proc, ready: false };
    this.workers[index] = slot;
    await proc.waitForLine(/recovery workers running/, 30_000);
    slot.ready = true;
    return slot;
  }

  /** `kill -9` of worker slot `index` (its whole process group); resolves once it is gone. */
  async killWorker(index: number): Promise<void> {
    const slot = this.workers[index];
    if (!slot) return;
    slot.ready = false;
    slot.proc.signal('SIGKILL');
    await slot.proc.exited;
  }

  /**
   * Stops redis-server (SIGTERM: it flushes the AOF, or SIGKILL: whatever `appendfsync everysec`
   * had written), keeps it down for `downMs`, and starts it again on the same port and directory.
   */
  async restartRedis(mode: 'sigterm' | 'sigkill', downMs: number): Promise<{ downMs: number; pidBefore: number; pidAfter: number }> {
    const pidBefore = await this.redisPid();
    const t0 = Date.now();
    if (mode === 'sigkill') process.kill(pidBefore, 'SIGKILL');
    await this.redis.stop(); // SIGTERM via the wrapper (no-op on a dead server); keeps our dir
    await new Promise((r) => setTimeout(r, downMs));
    this.redis = await startRedisChild({ appendOnly: true, dir: this.redisDir, port: this.redisPort });
    const actualDown = Date.now() - t0;
    return { downMs: actualDown, pidBefore, pidAfter: await this.redisPid() };
  }

  async redisPid(): Promise<number> {
    const info = await this.admin.info('server');
    const pid = /process_id:(\d+)/.exec(info)?.[1];
    if (!pid) throw new Error('redis INFO has no process_id');
    return Number(pid);
  }

  private async seedDirectory(): Promise<void> {
    for (const user of demoUsers) {
      const res = await fetch(`${this.apiUrl}/v1/admin/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(user),
      });
      if (res.status !== 201 && res.status !== 409) throw new Error(`seeding ${user.username}: HTTP ${res.status} ${await res.text()}`);
    }
  }

  /** Graceful where possible (SIGTERM drains), then SIGKILL whatever is left; never throws. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const procs = [...this.workers.map((w) => w.proc), ...(this.api ? [this.api] : [])];
    for (const p of procs) p.signal('SIGTERM');
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(procs.map((p) => p.exited)),
      new Promise((r) => {
        grace = setTimeout(r, 5_000);
      }),
    ]);
    clearTimeout(grace);
    for (const p of procs) p.signal('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    this.admin?.disconnect();
    await Promise.allSettled([this.mocks?.close(), this.redis?.stop(), this.s3?.stop()]);
  }

  apiScript(): string {
    return path.join(this.options.appRoot ?? repoRoot(), 'dist', 'src', 'apiMain.js');
  }

  workerScript(): string {
    return path.join(this.options.appRoot ?? repoRoot(), 'dist', 'src', 'workerMain.js');
  }
}

/**
 * Copies the compiled service (dist/ and package.json) to `dir`, so a run keeps executing the code it
 * started with even if someone rebuilds dist/ meanwhile (restarted workers load their code afresh).
 */
export function snapshotApp(dir: string): string {
  const source = path.join(repoRoot(), 'dist');
  if (!existsSync(path.join(source, 'src', 'apiMain.js'))) throw new Error(`${source}/src/apiMain.js is missing: run \`npm run build\` first`);
  mkdirSync(dir, { recursive: true });
  cpSync(source, path.join(dir, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  copyFileSync(path.join(repoRoot(), 'package.json'), path.join(dir, 'package.json'));
  return dir;
}
