/**
 * `npm start`: the whole service on one machine with embedded defaults. Anything configured
 * (REDIS_URL, S3_*, vendor URLs, API keys) is used instead of the embedded part.
 */
import path from 'node:path';
import { loadConfig } from './config';
import { resolveInfrastructure } from './runtime/infrastructure';
import { loadOrCreateDevCredentials } from './runtime/devCredentials';
import { resolveProviders } from './runtime/resolveProviders';
import { onShutdown, run } from './runtime/processRoles';
import { seedDemoDirectory } from './demo/directorySeed';
import { startEmbeddedDirectory } from './runtime/embeddedDirectory';
import { credentialsKind } from './config/connectors';

const DEMO_ATTESTATION_METADATA = 'config/attestation-demo';

async function main(): Promise<void> {
  const base = loadConfig();
  const dataDir = path.resolve(base.DATA_DIR);
  const dev = !base.ADMIN_API_KEY || !base.HELPDESK_API_KEY || !base.REVIEWER_API_KEY ? loadOrCreateDevCredentials(dataDir) : null;
  const config = {
    ...base,
    ADMIN_API_KEY: base.ADMIN_API_KEY ?? dev?.credentials.adminApiKey,
    HELPDESK_API_KEY: base.HELPDESK_API_KEY ?? dev?.credentials.helpdeskApiKey,
    REVIEWER_API_KEY: base.REVIEWER_API_KEY ?? dev?.credentials.reviewerApiKey,
  };
  const infra = await resolveInfrastructure(config, 'all-in-one');
  const vendors = await resolveProviders(config);
  // With the mock vendors this is the demo: its Tier-0 profile accepts Chromium's virtual
  // authenticator, whose attestation key is public. Never a default anywhere else.
  const demoTrust = !config.ATTESTATION_METADATA_PATH && vendors.mockUrls !== null;
  if (demoTrust) config.ATTESTATION_METADATA_PATH = DEMO_ATTESTATION_METADATA;
  const directory = await startEmbeddedDirectory(config);
  const running = await run(config, infra, vendors.providers, { api: true, workers: true });
  if (config.DIRECTORY === 'builtin') await seedDemoDirectory(running.ctx.builtinDirectory);
  onShutdown(async () => {
    await running.stop();
    await vendors.stop();
    await directory.stop();
    await infra.stop();
  });
  const lines = [
    `recovery orchestrator listening on ${running.url} (public URL ${config.PUBLIC_BASE_URL})`,
    `  start a recovery:   ${config.PUBLIC_BASE_URL}/recover`,
    `  help-desk console:  ${config.PUBLIC_BASE_URL}/helpdesk`,
    `  health:             ${config.PUBLIC_BASE_URL}/healthz  ${config.PUBLIC_BASE_URL}/readyz`,
    `  redis:              ${infra.embedded.redis ? `embedded ${infra.redisUrl}` : 'REDIS_URL'}`,
    `  s3:                 ${infra.embedded.s3 ? `embedded s3rver ${infra.s3.endpoint}` : (infra.s3.endpoint ?? 'AWS')} bucket ${infra.s3.bucket}`,
    `  directory:          ${config.DIRECTORY}: ${directory.description ?? (config.DIRECTORY === 'builtin' ? 'demo accounts (/v1/admin/users)' : config.DIRECTORY === 'ldap' ? config.LDAP_URL : config.GRAPH_BASE_URL)}`,
    `  access pass:        ${credentialsKind(config) === 'entra' ? `Entra TAP; enrollment at ${config.ENTRA_ENROLLMENT_URL}` : `built-in; enrollment at ${config.PUBLIC_BASE_URL}/enroll`}`,
    `  idv provider:       ${config.IDV_PROVIDER}${vendors.mockUrls ? ` (mock vendors: ${vendors.mockUrls.join(', ')})` : ''}`,
    `  attestation trust:  ${demoTrust ? `${DEMO_ATTESTATION_METADATA} (demo: trusts Chromium's virtual authenticator; never in production)` : (config.ATTESTATION_METADATA_PATH ?? 'none configured (profiles requiring attestation refuse every passkey)')}`,
    ...(dev ? [`  API keys (admin, help desk, reviewer): generated, stored in ${dev.file}`] : []),
    ...(infra.embedded.evidenceKey ? ['  EVIDENCE_KEY unset: using an ephemeral key (evidence does not survive a restart)'] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
