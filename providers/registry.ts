/**
 * Builds an `IdvProvider` by name from the validated providers configuration. One sub-object per
 * vendor; a deployment configures only the vendors it uses.
 */
import { z } from 'zod';
import { Au10tixProvider } from './au10tix/adapter';
import { Au10tixConfigSchema } from './au10tix/config';
import { ProviderError, type IdvProvider, type ProviderName } from './contract';
import { IdemiaProvider } from './idemia/adapter';
import { IdemiaConfigSchema } from './idemia/config';
import { LexisNexisProvider } from './lexisnexis/adapter';
import { LexisNexisConfigSchema } from './lexisnexis/config';

export const ProvidersConfigSchema = z.object({
  idemia: IdemiaConfigSchema.optional(),
  lexisnexis: LexisNexisConfigSchema.optional(),
  au10tix: Au10tixConfigSchema.optional(),
});
/** Parsed configuration (defaults applied). */
export type ProvidersConfig = z.output<typeof ProvidersConfigSchema>;
/** What an operator writes (defaults optional). */
export type ProvidersConfigInput = z.input<typeof ProvidersConfigSchema>;

export interface ProviderDeps {
  /** Injected clock, epoch ms (token expiry, consent dates). Default `Date.now`. */
  now?: () => number;
}

/** Throws `ProviderError('idv.provider_not_configured', …, false)` when the vendor has no config block. */
export function createProvider(name: ProviderName, config: ProvidersConfig, deps: ProviderDeps = {}): IdvProvider {
  switch (name) {
    case 'idemia':
      return new IdemiaProvider(required(name, config.idemia), deps);
    case 'lexisnexis':
      return new LexisNexisProvider(required(name, config.lexisnexis));
    case 'au10tix':
      return new Au10tixProvider(required(name, config.au10tix), deps);
  }
}

function required<T>(name: ProviderName, block: T | undefined): T {
  if (block === undefined) throw new ProviderError('idv.provider_not_configured', `providers.${name} is not configured`, false);
  return block;
}
