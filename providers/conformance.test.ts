/**
 * One conformance suite over every registered IDV adapter (docs/providers.md, "Conformance"):
 * `npm run conformance -- --provider <name>` runs it over one vendor, against its mock by default
 * (started in-process on a free port, judged on the committed fixture identities), or with
 * `--sandbox` against the vendor's real sandbox configured from its environment variables, where
 * only the parts that need no real face or document run. Each capability the descriptor declares
 * is tested; nothing is assumed from a vendor's name.
 */
import { configFromEnv } from './envConfig';
import type { ProviderDescriptor } from './descriptor';
import { startMockVendors, type MockVendors } from './mock-kit/startMocks';
import { descriptors } from './registry';
import { startCallbackReceiver, type CallbackReceiver } from './conformance/callbackReceiver';
import { ACCOUNT_WEBHOOK_PATH, pixelChecks } from './conformance/pixels';
import { protocolChecks } from './conformance/protocol';
import { structuralChecks } from './conformance/structure';
import { withConfig, type Target } from './conformance/target';

const only = process.env.CONFORMANCE_PROVIDER || undefined;
const sandbox = process.env.CONFORMANCE_TARGET === 'sandbox';
const chosen = descriptors.filter((d) => only === undefined || d.name === only);
if (chosen.length === 0) throw new Error(`no registered provider "${only}" (registered: ${descriptors.map((d) => d.name).join(', ')})`);

describe.each(chosen.map((d) => [d.name, d] as const))('%s descriptor', (_name, d) => structuralChecks(d));

describe.each(chosen.map((d) => [d.name, d] as const))(sandbox ? '%s against its real sandbox' : '%s against its mock', (_name, d) => {
  let mocks: MockVendors | undefined;
  let receiver: CallbackReceiver;
  let target: Target;

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    target = sandbox
      ? sandboxTarget(d, receiver)
      : await mockTarget(d, receiver, (m) => {
          mocks = m;
        });
  });
  afterAll(async () => {
    await mocks?.close();
    await receiver.close();
  });

  protocolChecks(d, () => target);
  if (!sandbox) {
    if (!d.mock) it.failing('ships a mock vendor (providers/<vendor>/mockServer.ts, docs/providers.md)', () => undefined);
    else pixelChecks(d, () => target);
  }
});

async function mockTarget(d: ProviderDescriptor, receiver: CallbackReceiver, keep: (m: MockVendors) => void): Promise<Target> {
  if (!d.mock) throw new Error(`${d.name} ships no mock vendor: run with --sandbox`);
  const mocks = await startMockVendors({
    only: [d.name],
    processingDelayMs: 20,
    sandbox: { slowMs: 50 },
    webhookBaseUrl: `${receiver.url}${ACCOUNT_WEBHOOK_PATH}`,
  });
  keep(mocks);
  const config = mocks.providersConfig[d.name]!;
  return { kind: 'mock', config, provider: withConfig(d, config, {}), mock: mocks.vendor(d.name), receiver };
}

function sandboxTarget(d: ProviderDescriptor, receiver: CallbackReceiver): Target {
  const block = configFromEnv(d, process.env);
  if (!block) throw new Error(`--sandbox: set ${d.env.map((v) => v.name).join(', ')} (at least ${d.env[0]?.name})`);
  const config = d.configSchema.parse(block);
  return { kind: 'sandbox', config, provider: withConfig(d, config, {}), receiver };
}
