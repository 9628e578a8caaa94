/**
 * Shared start-up for the three process shapes: all-in-one (`npm start`), API only
 * (`npm run api`) and worker only (`npm run worker`). Graceful SIGTERM: stop accepting requests and
 * jobs, let in-flight ones finish, then close connections.
 */
import http from 'node:http';
import { DirectoryConfigError } from '../connectors/directory';
import { CredentialConfigError } from '../connectors/credentials';
import { ConfigError, type AppConfig } from '../config';
import { createApp } from '../http/app';
import { handleServerErrors } from '../http/serverErrors';
import { startWorkers, type Workers } from '../workers/startWorkers';
import { connectRedis, createContext } from './createContext';
import type { ResolvedInfrastructure } from './infrastructure';
import type { ProviderSet } from './providers';
import type { AppContext } from '../context';

export interface Running {
  ctx: AppContext;
  server: http.Server | null;
  workers: Workers | null;
  url: string | null;
  stop(): Promise<void>;
}

export async function run(
  config: AppConfig,
  infra: ResolvedInfrastructure,
  providers: ProviderSet,
  roles: { api: boolean; workers: boolean },
): Promise<Running> {
  if (!providers[config.IDV_PROVIDER]) throw new ConfigError(`IDV_PROVIDER=${config.IDV_PROVIDER} but that vendor is not configured`);
  const context = createContext(config, infra, providers);
  const { ctx } = context;
  const close = () => context.close();
  await ctx.evidence.ensureBucket();
  // Read (and verify) the attestation metadata now: a bad file stops the start, not an enrollment.
  const trusted = await ctx.attestation.metadata();
  ctx.logger.info({ models: trusted.size, source: config.ATTESTATION_METADATA_PATH ?? null }, 'attestation metadata loaded');
  await checkDirectory(ctx, close);
  const workers = roles.workers ? startWorkers(ctx, connectRedis(infra.redisUrl)) : null;
  let server: http.Server | null = null;
  let url: string | null = null;
  if (roles.api) {
    server = http.createServer(createApp(ctx));
    handleServerErrors(server, ctx.logger);
    await new Promise<void>((resolve) => server!.listen(config.PORT, config.HOST, resolve));
    const address = server.address();
    url = address && typeof address === 'object' ? `http://${config.HOST}:${address.port}` : null;
  }
  return {
    ctx,
    server,
    workers,
    url,
    async stop() {
      await ctx.changes.close(); // ends open SSE streams first, or the server would wait for them
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      if (workers) await workers.close();
      await close();
    },
  };
}

export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: draining in-flight requests and jobs\n`);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}

/**
 * A directory or credential target that refuses the service (wrong password, missing permission,
 * unknown base, pass settings outside the tenant's policy) stops the start with its reason; one
 * that is merely unreachable does not (recoveries wait for it).
 */
async function checkDirectory(ctx: AppContext, close: () => Promise<void>): Promise<void> {
  const checks = [
    { name: `DIRECTORY=${ctx.config.DIRECTORY}`, run: () => ctx.directory.check() },
    { name: `CREDENTIALS=${ctx.credentials.kind}`, run: () => ctx.credentials.check() },
  ];
  for (const check of checks) {
    try {
      await check.run();
    } catch (err) {
      if (err instanceof DirectoryConfigError || err instanceof CredentialConfigError) {
        await close();
        throw new ConfigError(`${check.name}: ${err.message} (docs/connectors.md)`);
      }
      ctx.logger.warn({ check: check.name, err: err instanceof Error ? err.message : String(err) }, 'not reachable at start-up; recoveries will wait for it');
    }
  }
}
