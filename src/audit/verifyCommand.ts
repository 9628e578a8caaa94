/**
 * `npm run audit:verify [-- --expect-head <seq>:<hash>]`: checks the audit trail's hash chain in
 * the Redis at REDIS_URL (under REDIS_PREFIX) and prints the report as JSON. `--expect-head` is a
 * head the audit sink received with a push; the check then also proves the trail still holds it.
 * Exit code 0: intact; 1: broken (the report names the first broken link); 2: cannot check.
 * It only reads. docs/audit.md explains the chain and what each fault means.
 */
import { Redis } from 'ioredis';
import { z } from 'zod';
import { parseHead } from '../crypto/auditChain';
import { AuditStore } from '../stores/auditStore';
import { redisKeys } from '../stores/keys';
import { StorageEnv } from '../config/schema';
import { verifyChain } from './verifyChain';

/** The service's own REDIS_PREFIX (src/config/schema.ts); REDIS_URL, optional there (embedded Redis), is required here. */
const Env = StorageEnv.pick({ REDIS_PREFIX: true }).extend({
  REDIS_URL: z.string({ error: 'must name the Redis the service uses' }).min(1, 'must name the Redis the service uses'),
});

function expectedHead(argv: string[]) {
  const at = argv.indexOf('--expect-head');
  if (at === -1) return null;
  const head = parseHead(argv[at + 1]);
  if (!head) throw new Error('--expect-head takes <seq>:<40 hex digits>, as the audit sink received it');
  return head;
}

async function main(): Promise<number> {
  const env = Env.parse(process.env);
  const expected = expectedHead(process.argv.slice(2));
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    const report = await verifyChain(new AuditStore(redis, redisKeys(env.REDIS_PREFIX)), expected);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `audit:verify: ${err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(2);
  },
);
