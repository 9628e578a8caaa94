/**
 * Vendor connections from the environment: each registered vendor's variables, as its descriptor
 * lists them (providers/<vendor>/descriptor.ts; `npm run provider-env` prints them all).
 * When no vendor is configured, the all-in-one start runs the registered mock vendors locally.
 */
import { ConfigError } from '../config';
import { descriptors, ProvidersConfigSchema, type ProvidersConfig, type ProvidersConfigInput } from '../../providers/registry';
import { configFromEnv, configToEnv } from '../../providers/envConfig';
import { startMockVendors } from '../../providers/mock-kit/startMocks';
import { analyzeEvidence } from '../../providers/mock-kit/analyzeEvidence';
import { ROSTER_REFERENCE_DAY } from '../../providers/mock-kit/referenceDay';
import { createProviders, type ProviderSet } from './providers';

type Env = NodeJS.ProcessEnv;

export function providersConfigFromEnv(env: Env): ProvidersConfigInput {
  const config: ProvidersConfigInput = {};
  for (const descriptor of descriptors) {
    const block = configFromEnv(descriptor, env);
    if (block) config[descriptor.name] = block;
  }
  return config;
}

/** The inverse, so a test or a launcher can hand a running set of vendors to another process. */
export function providersConfigToEnv(config: ProvidersConfig): Record<string, string> {
  return Object.assign({}, ...descriptors.map((d) => {
    const block = config[d.name];
    return block ? configToEnv(d, block) : {};
  })) as Record<string, string>;
}

export interface ResolvedProviders {
  providers: ProviderSet;
  /** Set when the mock vendors were started here. */
  mockUrls: string[] | null;
  stop(): Promise<void>;
}

/**
 * The day the demo's mock vendors judge document expiry on: the fixture roster's reference day by
 * default, so the README's walk-through works in any year; `today` for the wall clock.
 */
function mockDocumentDay(raw: string | undefined): Date | null {
  const value = raw || ROSTER_REFERENCE_DAY;
  if (value === 'today') return null;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(NaN);
  if (Number.isNaN(day.getTime())) throw new ConfigError(`MOCK_VENDOR_DOCUMENT_DATE must be YYYY-MM-DD or "today", not "${value}"`);
  return day;
}

export async function resolveProviders(env: Env, options: { allowMocks?: boolean } = {}): Promise<ResolvedProviders> {
  const input = providersConfigFromEnv(env);
  if (Object.keys(input).length === 0) {
    if (options.allowMocks === false) throw new ConfigError(`no IDV vendor configured (${descriptors.map((d) => `${d.env[0]?.name ?? d.name}`).join(', ')}: docs/providers.md)`);
    const documentDay = mockDocumentDay(env.MOCK_VENDOR_DOCUMENT_DATE);
    const mocks = await startMockVendors({
      processingDelayMs: Number(env.MOCK_VENDOR_PROCESSING_MS ?? 1500),
      analyze: (images, now) => analyzeEvidence(images, documentDay ?? now),
    });
    return { providers: createProviders(mocks.providersConfig), mockUrls: mocks.names.map((name) => mocks.vendor(name).url), stop: () => mocks.close() };
  }
  const parsed = ProvidersConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`invalid vendor configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return { providers: createProviders(parsed.data), mockUrls: null, stop: async () => undefined };
}
