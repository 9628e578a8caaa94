/**
 * The service as `npm run api` / `npm run worker` run it (the same `run()`, compiled JavaScript),
 * with the simulated vendor in the `idemia` slot instead of a real one. ROLE=api|worker.
 * BENCH_VENDOR_MIN_MS / BENCH_VENDOR_MAX_MS: vendor latency; BENCH_WEBHOOK_SECRET: call back.
 * Prints `ready <url-or-pid>` on stdout once it serves.
 */
import { loadConfig } from '../src/config';
import { connectRedis } from '../src/runtime/createContext';
import { resolveInfrastructure } from '../src/runtime/infrastructure';
import { onShutdown, run } from '../src/runtime/processRoles';
import { instrumentProvider } from '../src/observability/instrumentProvider';
import { simVendor } from './lib/simVendor';

async function main(): Promise<void> {
  const role = process.env.ROLE === 'worker' ? 'worker' : 'api';
  const config = loadConfig();
  const infra = await resolveInfrastructure(config, role);
  const ledger = connectRedis(infra.redisUrl);
  const vendor = simVendor(ledger, {
    name: 'idemia',
    minMs: Number(process.env.BENCH_VENDOR_MIN_MS ?? 0),
    maxMs: Number(process.env.BENCH_VENDOR_MAX_MS ?? 0),
    webhookSecret: process.env.BENCH_WEBHOOK_SECRET || undefined,
    redisPrefix: config.REDIS_PREFIX,
  });
  // Instrumented like every real adapter (src/runtime/providers.ts).
  const running = await run(config, infra, { idemia: instrumentProvider(vendor) }, { api: role === 'api', workers: role === 'worker' });
  onShutdown(async () => {
    await running.stop();
    ledger.disconnect();
    await infra.stop();
  });
  process.stdout.write(`ready ${running.url ?? process.pid}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
