/** `npm run worker`: verification and timer workers only, sharing Redis and S3 with the API. */
import { loadConfig } from './config';
import { resolveInfrastructure } from './runtime/infrastructure';
import { resolveProviders } from './runtime/resolveProviders';
import { onShutdown, run } from './runtime/processRoles';

async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await resolveInfrastructure(config, 'worker');
  const vendors = await resolveProviders(config, { allowMocks: false });
  const running = await run(config, infra, vendors.providers, { api: false, workers: true });
  onShutdown(async () => {
    await running.stop();
    await infra.stop();
  });
  process.stdout.write(`recovery workers running (pid ${process.pid})\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
