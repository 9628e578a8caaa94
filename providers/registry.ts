/**
 * The vendors, from their descriptors (vendors.ts): the configuration schema (one optional block
 * per vendor; a deployment configures only the vendors it uses), the names, and `createProvider`.
 * Nothing outside a vendor's folder and vendors.ts names a vendor.
 */
import { z } from 'zod';
import { ProviderError, type IdvProvider, type ProviderName } from './contract';
import type { ProviderCapabilities, ProviderDeps, ProviderDescriptor } from './descriptor';
import * as vendors from './vendors';

export type { ProviderDeps } from './descriptor';

/** Every registered descriptor, in vendors.ts's (alphabetical) order. */
export const descriptors: readonly ProviderDescriptor[] = Object.values(vendors);

export const providerNames: readonly ProviderName[] = descriptors.map((d) => d.name);

/**
 * The vendor a deployment uses when IDV_PROVIDER is unset: the first registered. ASSUMED choice,
 * kept stable by a test (providers/registry.test.ts) since tests and the demo rely on it.
 */
export const defaultProviderName: ProviderName = providerNames.includes('idemia') ? 'idemia' : (providerNames[0] ?? 'none');

/** A registered vendor's name. */
export const RegisteredProviderSchema = z.string().refine((name) => providerNames.includes(name), {
  error: (issue) => `unknown IDV vendor "${String(issue.input)}" (registered: ${providerNames.join(', ')})`,
});

export function descriptorOf(name: ProviderName): ProviderDescriptor | undefined {
  return descriptors.find((d) => d.name === name);
}

/** What the core may rely on for `name`; an unregistered name (a test's stub) gets the most cautious answers. */
export function capabilitiesOf(name: ProviderName): ProviderCapabilities {
  return (
    descriptorOf(name)?.capabilities ?? { results: 'polled', webhook: 'none', idempotency: 'emulated', needsClaimantName: false, needsDocumentType: false }
  );
}

export const ProvidersConfigSchema = z.object(Object.fromEntries(descriptors.map((d) => [d.name, d.configSchema.optional()])));
/** Parsed configuration (defaults applied): one block per configured vendor. */
export type ProvidersConfig = Partial<Record<ProviderName, Record<string, unknown>>>;
/** What an operator writes (defaults optional). */
export type ProvidersConfigInput = Partial<Record<ProviderName, Record<string, unknown>>>;

/** Throws `ProviderError('idv.provider_not_configured', …, { transient: false })` when the vendor is unknown or has no config block. */
export function createProvider(name: ProviderName, config: ProvidersConfig, deps: ProviderDeps = {}): IdvProvider {
  const descriptor = descriptorOf(name);
  const block = config[name];
  if (!descriptor || block === undefined) throw new ProviderError('idv.provider_not_configured', `providers.${name} is not configured`, { transient: false });
  // Parsing a parsed block again is a no-op that gives it the descriptor's own type.
  return descriptor.create(descriptor.configSchema.parse(block), deps);
}
