/**
 * For each applicable passkey profile, the trust anchor (if any) that the registration's
 * attestation chain validates to: the model's FIDO metadata roots, then the profile's own
 * `attestationRoots`. What checkProfile reads as "attestation verified" (PasskeyFacts.anchors).
 */
import type { PasskeyProfile } from '../profileSchema';
import type { ModelMetadata } from './attestationMetadata';
import { findAnchor, type AnchorMatch, type TrustAnchor } from './findAnchor';

export async function profileAnchors(
  x5c: readonly Uint8Array[],
  model: ModelMetadata | null,
  profiles: readonly PasskeyProfile[],
  now: Date,
): Promise<Record<string, string>> {
  const anchors: Record<string, string> = {};
  if (x5c.length === 0) return anchors;
  const fromMetadata = model
    ? await findAnchor(
        x5c,
        model.roots.map((pem) => ({ source: `mds:${model.aaguid}`, pem })),
        now,
      )
    : null;
  for (const profile of profiles) {
    const own: TrustAnchor[] = (profile.attestationRoots ?? []).map((pem) => ({ source: `profile:${profile.name}`, pem }));
    const match = fromMetadata ?? (own.length > 0 ? await findAnchor(x5c, own, now) : null);
    if (match) anchors[profile.name] = label(match);
  }
  return anchors;
}

/** `mds:<aaguid>#<first 16 hex of the root's SHA-256>`: which root, short enough for the audit. */
function label(match: AnchorMatch): string {
  return `${match.source}#${match.fingerprint.slice(0, 16)}`;
}
