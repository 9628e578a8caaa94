import type { z } from 'zod';
import { AccessPassEnv, RecoveryEnv, SecretsEnv, ServerEnv, StorageEnv, WorkerEnv } from './schema';
import { AuditEnv, NotificationEnv, ReviewEnv, SafetyEnv } from './safety';
import { ObservabilityEnv } from './observability';
import { PasskeyEnv } from './passkeys';
import { DirectoryEnv } from './connectors';
import { StaffOidcEnv } from './staffOidc';
import { OidcProviderEnv } from './oidcProvider';
import { ClaimHooksEnv } from './claimHooks';
import { RiskEnv } from './risk';
import { VendorEnv, vendorBlocks } from './vendors';
import type { ProvidersConfig } from '../../providers/registry';

const EnvSchema = ServerEnv.and(StorageEnv)
  .and(SecretsEnv)
  .and(RecoveryEnv)
  .and(AccessPassEnv)
  .and(WorkerEnv)
  .and(SafetyEnv)
  .and(NotificationEnv)
  .and(AuditEnv)
  .and(ReviewEnv)
  .and(ObservabilityEnv)
  .and(PasskeyEnv)
  .and(DirectoryEnv)
  .and(StaffOidcEnv)
  .and(OidcProviderEnv)
  .and(ClaimHooksEnv)
  .and(RiskEnv)
  .and(VendorEnv);
export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig extends Omit<Env, 'PUBLIC_BASE_URL' | 'WEBHOOK_BASE_URL'> {
  PUBLIC_BASE_URL: string;
  WEBHOOK_BASE_URL: string;
  /** The configured IDV vendors' blocks, from their variables (config/vendors.ts); empty: none configured. */
  vendors: ProvidersConfig;
}

/** Every variable the schema reads, in schema order (test/unit/envExample.test.ts compares them with .env.example). */
export function envVariableNames(): string[] {
  const names: string[] = [];
  const walk = (schema: z.ZodType): void => {
    const def = schema._zod.def as {
      type: string;
      left?: z.ZodType;
      right?: z.ZodType;
      shape?: Record<string, unknown>;
      in?: z.ZodType;
      innerType?: z.ZodType;
    };
    if (def.type === 'intersection' && def.left && def.right) {
      walk(def.left);
      walk(def.right);
    } else if (def.type === 'object' && def.shape) names.push(...Object.keys(def.shape));
    else if (def.type === 'pipe' && def.in) walk(def.in);
    else if (def.innerType) walk(def.innerType);
  };
  walk(EnvSchema);
  return names;
}

/** Raised at boot with every invalid variable named, so a misconfiguration never reaches a request. */
export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const vendors = vendorBlocks(cleaned);
  if (vendors.issues.length > 0) throw new ConfigError(`invalid configuration:\n${vendors.issues.join('\n')}`);
  const publicBase = (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  return { ...c, PUBLIC_BASE_URL: publicBase, WEBHOOK_BASE_URL: (c.WEBHOOK_BASE_URL ?? publicBase).replace(/\/+$/, ''), vendors: vendors.vendors };
}

/** Decodes EVIDENCE_KEY (base64 or hex) into exactly 32 bytes. */
export function decodeEvidenceKey(value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError('EVIDENCE_KEY must be 32 bytes (base64 or 64 hex characters)');
  return key;
}
