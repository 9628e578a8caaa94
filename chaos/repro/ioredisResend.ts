/**
 * Reproduction (chaos part 2 finding): across a Redis restart, ioredis re-sends commands whose
 * replies were lost (`autoResendUnfulfilledCommands`, on by default), so a command Redis had already
 * executed runs twice. Harmless for the recovery CAS (the version check refuses the repeat), but
 * not for XADD (duplicate audit entries) or INCR (rate-limit and TAP attempt counters).
 *
 *   npm run build && node dist/chaos/repro/ioredisResend.js
 *
 * 20 loops each run `INCR` through a `maxRetriesPerRequest: null` connection (the workers' kind)
 * while redis-server is stopped with SIGTERM and restarted on the same port and AOF directory;
 * afterwards the counter in Redis is compared with the number of INCRs that resolved.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startRedisChild } from '../../src/embedded/redisChild';

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'repro-resend-'));
  let server = await startRedisChild({ appendOnly: true, dir });
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  let resolved = 0;
  let rejected = 0;
  let stop = false;
  const loops = Array.from({ length: 20 }, async () => {
    while (!stop) await redis.incr('counter').then(() => { resolved += 1; }, () => { rejected += 1; });
  });
  await new Promise((r) => setTimeout(r, 300));
  const port = server.port;
  await server.stop();
  await new Promise((r) => setTimeout(r, 500));
  server = await startRedisChild({ appendOnly: true, dir, port });
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(loops);
  const counter = Number(await redis.get('counter'));
  console.log(`INCR resolved ${resolved} times (rejected ${rejected}); counter in Redis: ${counter}`);
  console.log(counter > resolved ? `BUG: ${counter - resolved} INCRs were executed twice (re-sent after the restart)` : 'no command ran twice this time');
  redis.disconnect();
  await server.stop();
  process.exitCode = counter > resolved ? 1 : 0;
}

main().then(() => process.exit(process.exitCode ?? 0), (err: unknown) => { console.error(err); process.exit(2); });
