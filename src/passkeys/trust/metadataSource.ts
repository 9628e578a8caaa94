/**
 * The attestation metadata, loaded once per process on first use (or at start, where the entry
 * point primes it so that a bad file stops the process instead of the first Tier-0 enrollment).
 */
import type { AttestationMetadata } from './attestationMetadata';
import { loadAttestationMetadata } from './attestationMetadata';

export interface MetadataSource {
  metadata(): Promise<AttestationMetadata>;
}

export function metadataSource(location: string | undefined, mdsRootFile: string | undefined): MetadataSource {
  let loading: Promise<AttestationMetadata> | null = null;
  return {
    metadata() {
      loading ??= loadAttestationMetadata(location, mdsRootFile);
      return loading;
    },
  };
}
