/**
 * What the ID token says about how the person signed in (OpenID Connect Core 1.0 §2: `acr`,
 * `amr`). `amr` values are from RFC 8176 §2: `hwk` proof of possession of a hardware-secured key
 * (a device-bound passkey: WebAuthn flag BE = 0), `swk` of a software-secured key (a synced
 * passkey, BE = 1, whose private key leaves the device through the sync fabric), `user` the user
 * presence test, and `mfa`: the authenticator verified the user (UV, PIN or biometric) on top of
 * possession. `acr` values are OpenID Connect EAP ACR Values 1.0 §2: `phrh` phishing-resistant and
 * hardware-protected (device-bound, its model proven by a trusted attestation), `phr`
 * phishing-resistant (every other passkey: synced, or of an unproven model).
 */
import type { PasskeyRecord } from '../stores/passkeyStore';

export const ACR_HARDWARE = 'phrh';
export const ACR_PHISHING_RESISTANT = 'phr';
export const ACR_VALUES = [ACR_PHISHING_RESISTANT, ACR_HARDWARE] as const;

export interface AuthContext {
  acr: string;
  amr: string[];
}

export function passkeyAuthContext(passkey: Pick<PasskeyRecord, 'backupEligible' | 'attestationAnchor'>): AuthContext {
  const deviceBound = !passkey.backupEligible;
  return {
    acr: deviceBound && passkey.attestationAnchor !== null ? ACR_HARDWARE : ACR_PHISHING_RESISTANT,
    amr: [deviceBound ? 'hwk' : 'swk', 'user', 'mfa'],
  };
}
