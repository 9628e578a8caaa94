/**
 * What a stored passkey's registration proved, for judging it again against today's profiles
 * (at sign-in, and in the compliance report after a profile changes). The attestation was
 * verified at registration; its anchor says which trust roots it reached: an `mds:` root (FIDO
 * metadata) holds for every profile, a `profile:<name>#` root only for that profile.
 */
import type { PasskeyRecord } from '../stores/passkeyStore';
import type { PasskeyFacts } from './evaluateProfiles';

export function storedPasskeyFacts(passkey: PasskeyRecord, userVerified: boolean, profiles: readonly string[]): PasskeyFacts {
  const anchor = passkey.attestationAnchor;
  const attestation = passkey.attestationFormat === 'none' ? 'none' : anchor ? 'full' : 'self';
  const reaches = (profile: string) => anchor !== null && (anchor.startsWith('mds:') || anchor.startsWith(`profile:${profile}#`));
  const anchors = Object.fromEntries(profiles.filter(reaches).map((name) => [name, anchor as string]));
  return { userVerified, backupEligible: passkey.backupEligible, aaguid: passkey.aaguid, attestation, anchors };
}
