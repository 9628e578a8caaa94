/** `npm run api`: the HTTP API only; workers run elsewhere (`npm run worker`) on the same Redis and S3. */
import { loadConfig } from './config';
import { resolveInfrastructure } from './runtime/infrastructure';
import { resolveProviders } from './runtime/resolveProviders';
import { onShutdown, run } from './runtime/processRoles';

async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await resolveInfrastructure(config, 'api');
  const vendors = await resolveProviders(config, { allowMocks: false });
  const running = await run(config, infra, vendors.providers, { api: true, workers: false });
  onShutdown(async () => {
    await running.stop();
    await infra.stop();
  });
  process.stdout.write(`recovery API listening on ${running.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
