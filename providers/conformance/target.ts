/**
 * What a conformance run points at: the vendor's mock (default), or its real sandbox configured from
 * the environment (`npm run conformance -- --provider <name> --sandbox`), where only the parts that
 * need no real document or face run (providers/conformance/protocol.ts).
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { IdvProvider } from '../contract';
import type { ProviderDescriptor } from '../descriptor';
import type { MockVendorHandle } from '../mock-kit/startMocks';
import type { CallbackReceiver } from './callbackReceiver';

export interface Target {
  kind: 'mock' | 'sandbox';
  /** The parsed configuration block. */
  config: Record<string, unknown>;
  provider: IdvProvider;
  /** Mock runs only. */
  mock?: MockVendorHandle;
  receiver: CallbackReceiver;
}

/** An adapter from a modified configuration block. */
export function withConfig(d: ProviderDescriptor, config: Record<string, unknown>, change: Record<string, unknown>): IdvProvider {
  return d.create(d.configSchema.parse({ ...config, ...change }), {});
}

/**
 * The configuration with every credential (env variables marked `credential`) replaced by a
 * well-formed wrong one: a private key by a fresh key of the same kind, any other value changed.
 */
export function wrongCredentials(d: ProviderDescriptor, config: Record<string, unknown>): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  for (const variable of d.env.filter((v) => v.credential)) {
    const value = config[variable.key];
    if (typeof value === 'string') change[variable.key] = value.includes('PRIVATE KEY') ? freshKeyLike(value) : `${value}-wrong`;
  }
  return change;
}

function freshKeyLike(pem: string): string {
  const key = createPrivateKey(pem);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const fresh =
    key.asymmetricKeyType === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: curve ?? 'P-256' }).privateKey
      : generateKeyPairSync('rsa', { modulusLength: key.asymmetricKeyDetails?.modulusLength ?? 2048 }).privateKey;
  return fresh.export({ type: 'pkcs8', format: 'pem' }).toString();
}
