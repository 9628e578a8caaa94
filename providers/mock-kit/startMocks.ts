/**
 * Starts the mock vendor of every registered descriptor that has one (providers/vendors.ts) on free
 * loopback ports with freshly generated credentials, and returns a `ProvidersConfig` that points the
 * real adapters at them. The service's embedded default uses this; `node dist/providers/mock-kit/startMocks.js`
 * runs them standalone and prints the URLs and config.
 */
import type { ProviderName } from '../contract';
import { descriptors, ProvidersConfigSchema, type ProvidersConfig } from '../registry';
import type { AnalyzeFn, RunningMock } from '../vendor-http/serveMock';
import type { SandboxStats, VendorSandbox, VendorSandboxOptions } from './vendorSandbox';
import { MockVendorEnv } from './mockEnv';

export interface StartMockVendorsOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Fixed ports by vendor; default 0 (free ports). */
  ports?: Partial<Record<ProviderName, number>>;
  /** How long asynchronous mocks stay "processing", ms. Default 1500. */
  processingDelayMs?: number;
  /** Per-request time-out written into `providersConfig` for every vendor, ms. Default 10 000. */
  timeoutMs?: number;
  /** Evidence engine; default `analyzeEvidence`. */
  analyze?: AnalyzeFn;
  /** Mock clock; default `() => new Date()`. */
  now?: () => Date;
  sandbox?: VendorSandboxOptions;
  /**
   * Our public base (`PUBLIC_BASE_URL`/`WEBHOOK_BASE_URL`): mocks of vendors whose webhook is
   * registered once per account deliver to `<base>/v1/webhooks/<name>`. Unset: they deliver nowhere.
   */
  webhookBaseUrl?: string;
  /** Only these vendors; default every registered vendor with a mock. */
  only?: readonly ProviderName[];
}

export interface MockVendorHandle {
  /** Server root, e.g. `http://127.0.0.1:41234` (`/__sandbox/...` lives here). */
  url: string;
  sandbox: VendorSandbox;
  stats(): SandboxStats;
}

export interface MockVendors {
  /** The vendors started, in registry order. */
  names: readonly ProviderName[];
  /** Throws for a vendor that was not started. */
  vendor(name: ProviderName): MockVendorHandle;
  /** Parsed (defaults applied) config pointing every adapter at its mock. */
  providersConfig: ProvidersConfig;
  stats(): Partial<Record<ProviderName, SandboxStats>>;
  close(): Promise<void>;
}

export async function startMockVendors(options: StartMockVendorsOptions = {}): Promise<MockVendors> {
  const common = { host: options.host, processingDelayMs: options.processingDelayMs, analyze: options.analyze, now: options.now, sandbox: options.sandbox };
  const chosen = descriptors.filter((d) => d.mock && (!options.only || options.only.includes(d.name)));
  const started: Array<{ name: ProviderName; mock: RunningMock; config: Record<string, unknown> }> = [];
  try {
    await Promise.all(
      chosen.map(async (d) => {
        const webhookUrl = options.webhookBaseUrl ? `${options.webhookBaseUrl.replace(/\/+$/, '')}/v1/webhooks/${d.name}` : undefined;
        const { mock, config } = await d.mock!.start({ ...common, port: options.ports?.[d.name], webhookUrl });
        started.push({ name: d.name, mock, config });
      }),
    );
    const timing = { timeoutMs: options.timeoutMs ?? 10_000 };
    const providersConfig = ProvidersConfigSchema.parse(Object.fromEntries(started.map((s) => [s.name, { ...s.config, ...timing }]))) as ProvidersConfig;
    const order = chosen.map((d) => d.name);
    const byName = new Map(started.map((s) => [s.name, s.mock]));
    const handle = (name: ProviderName): MockVendorHandle => {
      const mock = byName.get(name);
      if (!mock) throw new Error(`no mock vendor "${name}" running (started: ${order.join(', ')})`);
      return { url: mock.url, sandbox: mock.sandbox, stats: () => mock.stats() };
    };
    return {
      names: order,
      vendor: handle,
      providersConfig,
      stats: () => Object.fromEntries(order.map((name) => [name, handle(name).stats()])),
      close: async () => {
        await Promise.all(started.map((s) => s.mock.close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.mock.close()));
    throw error;
  }
}

async function main(): Promise<void> {
  // The service's own schema for these variables (src/config/vendors.ts composes it); empty means unset.
  const set = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
  const { MOCK_VENDOR_PROCESSING_MS: processingDelayMs } = MockVendorEnv.parse(set);
  const mocks = await startMockVendors({ processingDelayMs });
  for (const name of mocks.names) console.log(`${name.padEnd(12)} ${mocks.vendor(name).url}`);
  // Generated, local-only credentials: printing them is how a developer points tools at the mocks.
  console.log(JSON.stringify({ providers: mocks.providersConfig }, null, 2));
  console.log('Sandbox: POST <url>/__sandbox/faults, GET <url>/__sandbox/stats (see providers/mock-kit/vendorSandbox.ts)');
  const stop = () => void mocks.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
