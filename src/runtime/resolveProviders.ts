/**
 * Vendor connections from the configuration: each registered vendor's variables, as its descriptor
 * lists them (providers/<vendor>/descriptor.ts; `npm run provider-env` prints them all), parsed and
 * checked with every other variable (src/config/vendors.ts).
 * When no vendor is configured, the all-in-one start runs the registered mock vendors locally.
 */
import { type AppConfig, ConfigError } from '../config';
import { descriptors, type ProvidersConfig } from '../../providers/registry';
import { configToEnv } from '../../providers/envConfig';
import { startMockVendors } from '../../providers/mock-kit/startMocks';
import { analyzeEvidence } from '../../providers/mock-kit/analyzeEvidence';
import { ROSTER_REFERENCE_DAY } from '../../providers/mock-kit/referenceDay';
import { createProviders, type ProviderSet } from './providers';

/** The inverse, so a test or a launcher can hand a running set of vendors to another process. */
export function providersConfigToEnv(config: ProvidersConfig): Record<string, string> {
  return Object.assign(
    {},
    ...descriptors.map((d) => {
      const block = config[d.name];
      return block ? configToEnv(d, block) : {};
    }),
  ) as Record<string, string>;
}

export interface ResolvedProviders {
  providers: ProviderSet;
  /** Set when the mock vendors were started here. */
  mockUrls: string[] | null;
  stop(): Promise<void>;
}

/**
 * The day the demo's mock vendors judge document expiry on: the fixture roster's reference day by
 * default, so the README's walk-through works in any year; `today` for the wall clock. The value
 * was checked with the configuration (providers/mock-kit/mockEnv.ts).
 */
function mockDocumentDay(value: string | undefined): Date | null {
  const day = value ?? ROSTER_REFERENCE_DAY;
  return day === 'today' ? null : new Date(`${day}T12:00:00Z`);
}

type VendorSettings = Pick<AppConfig, 'vendors' | 'MOCK_VENDOR_PROCESSING_MS' | 'MOCK_VENDOR_DOCUMENT_DATE'>;

export async function resolveProviders(config: VendorSettings, options: { allowMocks?: boolean } = {}): Promise<ResolvedProviders> {
  if (Object.keys(config.vendors).length === 0) {
    if (options.allowMocks === false)
      throw new ConfigError(`no IDV vendor configured (${descriptors.map((d) => d.env[0]?.name ?? d.name).join(', ')}: docs/providers.md)`);
    const documentDay = mockDocumentDay(config.MOCK_VENDOR_DOCUMENT_DATE);
    const mocks = await startMockVendors({
      processingDelayMs: config.MOCK_VENDOR_PROCESSING_MS,
      analyze: (images, now) => analyzeEvidence(images, documentDay ?? now),
    });
    return { providers: createProviders(mocks.providersConfig), mockUrls: mocks.names.map((name) => mocks.vendor(name).url), stop: () => mocks.close() };
  }
  return { providers: createProviders(config.vendors), mockUrls: null, stop: async () => undefined };
}
