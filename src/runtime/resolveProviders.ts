/**
 * Vendor connections from the environment (IDEMIA_*, LEXISNEXIS_*, AU10TIX_*; see .env.example).
 * When no vendor is configured, the all-in-one start runs the three mock vendors locally.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config';
import { ProvidersConfigSchema, type ProvidersConfig, type ProvidersConfigInput } from '../../providers/registry';
import { startMockVendors } from '../../providers/mock-kit/startMocks';
import { analyzeEvidence } from '../../providers/mock-kit/analyzeEvidence';
import { ROSTER_REFERENCE_DAY } from '../../providers/mock-kit/referenceDay';
import { createProviders, type ProviderSet } from './providers';

type Env = NodeJS.ProcessEnv;
const num = (v: string | undefined) => (v ? Number(v) : undefined);

export function providersConfigFromEnv(env: Env): ProvidersConfigInput {
  const config: ProvidersConfigInput = {};
  if (env.IDEMIA_BASE_URL) {
    config.idemia = { baseUrl: env.IDEMIA_BASE_URL, apiKey: env.IDEMIA_API_KEY ?? '', timeoutMs: num(env.IDEMIA_TIMEOUT_MS) };
  }
  if (env.LEXISNEXIS_BASE_URL) {
    config.lexisnexis = {
      baseUrl: env.LEXISNEXIS_BASE_URL, accountId: env.LEXISNEXIS_ACCOUNT_ID ?? '', username: env.LEXISNEXIS_USERNAME ?? '',
      password: env.LEXISNEXIS_PASSWORD ?? '', workflow: env.LEXISNEXIS_WORKFLOW || undefined, timeoutMs: num(env.LEXISNEXIS_TIMEOUT_MS),
    };
  }
  if (env.AU10TIX_BASE_URL) {
    const pem = env.AU10TIX_PRIVATE_KEY_PEM || (env.AU10TIX_PRIVATE_KEY_FILE ? readFileSync(env.AU10TIX_PRIVATE_KEY_FILE, 'utf8') : '');
    config.au10tix = {
      baseUrl: env.AU10TIX_BASE_URL, tokenUrl: env.AU10TIX_TOKEN_URL || undefined, clientId: env.AU10TIX_CLIENT_ID ?? '',
      clientPrivateKeyPem: pem, webhookSecret: env.AU10TIX_WEBHOOK_SECRET ?? '', timeoutMs: num(env.AU10TIX_TIMEOUT_MS),
    };
  }
  return config;
}

/** The inverse, so a test or a launcher can hand a running set of vendors to another process. */
export function providersConfigToEnv(config: ProvidersConfig): Record<string, string> {
  const env: Record<string, string> = {};
  if (config.idemia) Object.assign(env, { IDEMIA_BASE_URL: config.idemia.baseUrl, IDEMIA_API_KEY: config.idemia.apiKey, IDEMIA_TIMEOUT_MS: String(config.idemia.timeoutMs) });
  if (config.lexisnexis) {
    const l = config.lexisnexis;
    Object.assign(env, { LEXISNEXIS_BASE_URL: l.baseUrl, LEXISNEXIS_ACCOUNT_ID: l.accountId, LEXISNEXIS_USERNAME: l.username, LEXISNEXIS_PASSWORD: l.password, LEXISNEXIS_WORKFLOW: l.workflow, LEXISNEXIS_TIMEOUT_MS: String(l.timeoutMs) });
  }
  if (config.au10tix) {
    const a = config.au10tix;
    Object.assign(env, { AU10TIX_BASE_URL: a.baseUrl, AU10TIX_CLIENT_ID: a.clientId, AU10TIX_PRIVATE_KEY_PEM: a.clientPrivateKeyPem, AU10TIX_WEBHOOK_SECRET: a.webhookSecret, AU10TIX_TIMEOUT_MS: String(a.timeoutMs), ...(a.tokenUrl ? { AU10TIX_TOKEN_URL: a.tokenUrl } : {}) });
  }
  return env;
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
    if (options.allowMocks === false) throw new ConfigError('no IDV vendor configured (IDEMIA_*, LEXISNEXIS_* or AU10TIX_*)');
    const documentDay = mockDocumentDay(env.MOCK_VENDOR_DOCUMENT_DATE);
    const mocks = await startMockVendors({
      processingDelayMs: Number(env.MOCK_VENDOR_PROCESSING_MS ?? 1500),
      analyze: (images, now) => analyzeEvidence(images, documentDay ?? now),
    });
    return { providers: createProviders(mocks.providersConfig), mockUrls: [mocks.idemia.url, mocks.lexisnexis.url, mocks.au10tix.url], stop: () => mocks.close() };
  }
  const parsed = ProvidersConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`invalid vendor configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return { providers: createProviders(parsed.data), mockUrls: null, stop: async () => undefined };
}
