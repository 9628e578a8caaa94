/**
 * Starts the three mock vendors (Idemia GIPS, LexisNexis TrueID, Au10tix BOS) on free loopback ports
 * with freshly generated credentials, and returns a `ProvidersConfig` that points the real adapters
 * at them. The service's embedded default uses this; `node dist/providers/mock-kit/startMocks.js`
 * runs them standalone and prints the URLs and config.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { startAu10tixMock } from '../au10tix/mockServer';
import type { ProviderName } from '../contract';
import { startIdemiaMock } from '../idemia/mockServer';
import { startLexisNexisMock } from '../lexisnexis/mockServer';
import { ProvidersConfigSchema, type ProvidersConfig } from '../registry';
import type { AnalyzeFn, RunningMock } from '../vendor-http/serveMock';
import type { SandboxStats, VendorSandbox, VendorSandboxOptions } from './vendorSandbox';

export interface StartMockVendorsOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Fixed ports; default 0 (free ports). */
  ports?: Partial<Record<ProviderName, number>>;
  /** How long Idemia and Au10tix stay "processing", ms. Default 1500. */
  processingDelayMs?: number;
  /** Per-request time-out written into `providersConfig` for every vendor, ms. Default 10 000. */
  timeoutMs?: number;
  /** Poll interval written into `providersConfig`, ms. Default 1000. */
  pollIntervalMs?: number;
  /** Evidence engine; default `analyzeEvidence`. */
  analyze?: AnalyzeFn;
  /** Mock clock; default `() => new Date()`. */
  now?: () => Date;
  sandbox?: VendorSandboxOptions;
}

export interface MockVendorHandle {
  /** Server root, e.g. `http://127.0.0.1:41234` (`/__sandbox/...` lives here). */
  url: string;
  sandbox: VendorSandbox;
  stats(): SandboxStats;
}

export interface MockVendors {
  idemia: MockVendorHandle;
  lexisnexis: MockVendorHandle;
  au10tix: MockVendorHandle;
  /** Parsed (defaults applied) config pointing every adapter at its mock. */
  providersConfig: ProvidersConfig;
  stats(): Record<ProviderName, SandboxStats>;
  close(): Promise<void>;
}

export async function startMockVendors(options: StartMockVendorsOptions = {}): Promise<MockVendors> {
  const common = { host: options.host, processingDelayMs: options.processingDelayMs, analyze: options.analyze, now: options.now, sandbox: options.sandbox };
  const secret = () => randomBytes(24).toString('base64url');
  const credentials = {
    idemia: { apiKey: secret() },
    lexisnexis: { accountId: `mock-${randomBytes(4).toString('hex')}`, username: 'mock-user', password: secret() },
    au10tix: { clientId: `mock-client-${randomBytes(4).toString('hex')}`, webhookSecret: secret(), ...es256KeyPair() },
  };
  const started: RunningMock[] = [];
  const track = <T extends RunningMock>(mock: T): T => (started.push(mock), mock);
  try {
    const [idemia, lexisnexis, au10tix] = await Promise.all([
      startIdemiaMock({ ...common, port: options.ports?.idemia, ...credentials.idemia }).then(track),
      startLexisNexisMock({ ...common, port: options.ports?.lexisnexis, ...credentials.lexisnexis }).then(track),
      startAu10tixMock({ ...common, port: options.ports?.au10tix, clientId: credentials.au10tix.clientId, clientPublicKeyPem: credentials.au10tix.publicKeyPem, webhookSecret: credentials.au10tix.webhookSecret }).then(track),
    ]);
    const timing = { timeoutMs: options.timeoutMs ?? 10_000, pollIntervalMs: options.pollIntervalMs ?? 1_000 };
    const providersConfig = ProvidersConfigSchema.parse({
      idemia: { baseUrl: idemia.baseUrl, apiKey: credentials.idemia.apiKey, ...timing },
      lexisnexis: { baseUrl: lexisnexis.url, ...credentials.lexisnexis, ...timing },
      au10tix: {
        baseUrl: au10tix.url, clientId: credentials.au10tix.clientId, clientPrivateKeyPem: credentials.au10tix.privateKeyPem,
        webhookSecret: credentials.au10tix.webhookSecret, ...timing,
      },
    });
    const handle = (mock: RunningMock): MockVendorHandle => ({ url: mock.url, sandbox: mock.sandbox, stats: () => mock.stats() });
    return {
      idemia: handle(idemia),
      lexisnexis: handle(lexisnexis),
      au10tix: handle(au10tix),
      providersConfig,
      stats: () => ({ idemia: idemia.stats(), lexisnexis: lexisnexis.stats(), au10tix: au10tix.stats() }),
      close: async () => void (await Promise.all(started.map((m) => m.close()))),
    };
  } catch (error) {
    await Promise.allSettled(started.map((m) => m.close()));
    throw error;
  }
}

/** The client's P-256 key pair: we keep the private half, the mock vendor gets the public half. */
function es256KeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

async function main(): Promise<void> {
  const processingDelayMs = Number(process.env.MOCK_VENDOR_PROCESSING_MS ?? 1500);
  const mocks = await startMockVendors({ processingDelayMs });
  for (const name of ['idemia', 'lexisnexis', 'au10tix'] as const) console.log(`${name.padEnd(10)} ${mocks[name].url}`);
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
