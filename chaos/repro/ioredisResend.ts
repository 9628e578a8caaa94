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
 * afterwards the counter in Redis is compared with the number of INCRs that resolved. The same
 * loops also run the remedy used for the verification's writes (src/recovery/verificationRecord.ts,
 * writeVendorState): a script that applies its effect only if its operation's key is new
 * (`SET op NX`), so its repeat changes nothing. Exit code 1 if the guarded counter is off.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startRedisChild } from '../../src/embedded/redisChild';

// KEYS: operation id, counter. The effect happens at most once per operation id.
const GUARDED_INCR = `
if redis.call('SET', KEYS[1], '1', 'NX') then redis.call('INCR', KEYS[2]) end
return 1`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'repro-resend-'));
  let server = await startRedisChild({ appendOnly: true, dir });
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  const tally = { plain: { resolved: 0, rejected: 0 }, guarded: { resolved: 0, rejected: 0 } };
  let stop = false;
  let op = 0;
  const loops = Array.from({ length: 20 }, async () => {
    while (!stop) {
      await redis.incr('counter').then(
        () => {
          tally.plain.resolved += 1;
        },
        () => {
          tally.plain.rejected += 1;
        },
      );
      op += 1;
      await redis.eval(GUARDED_INCR, 2, `op:${op}`, 'guarded').then(
        () => {
          tally.guarded.resolved += 1;
        },
        () => {
          tally.guarded.rejected += 1;
        },
      );
    }
  });
  await new Promise((r) => setTimeout(r, 300));
  const port = server.port;
  await server.stop();
  await new Promise((r) => setTimeout(r, 500));
  server = await startRedisChild({ appendOnly: true, dir, port });
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(loops);
  const plain = Number(await redis.get('counter'));
  const guarded = Number(await redis.get('guarded'));
  console.log(`INCR resolved ${tally.plain.resolved} times (rejected ${tally.plain.rejected}); counter in Redis: ${plain}`);
  console.log(
    plain > tally.plain.resolved
      ? `  ${plain - tally.plain.resolved} INCRs were executed twice (re-sent after the restart)`
      : '  no command ran twice this time',
  );
  console.log(`guarded INCR resolved ${tally.guarded.resolved} times (rejected ${tally.guarded.rejected}); counter in Redis: ${guarded}`);
  const off = guarded !== tally.guarded.resolved;
  console.log(off ? `BUG: the guarded counter is off by ${guarded - tally.guarded.resolved}` : '  ok: every guarded operation counted once');
  redis.disconnect();
  await server.stop();
  process.exitCode = off ? 1 : 0;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
