/**
 * WebAuthn creation options for an enrollment, with a fresh challenge each call (the first call and
 * every retry after a profile violation).
 */
import { generateRegistrationOptions } from '@simplewebauthn/server';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { AppContext } from '../context';
import { webauthnSettings } from '../config/passkeys';
import type { Enrollment } from '../stores/enrollmentStore';
import { attestationConveyance } from './evaluateProfiles';
import { applicableProfiles } from './applicableProfiles';
import { CEREMONY_TIMEOUT_MS, challengeTtl } from './enrollmentAccess';
import { passkeyErrors } from './errors';

export async function registrationOptions(ctx: AppContext, enrollment: Enrollment): Promise<PublicKeyCredentialCreationOptionsJSON> {
  if (enrollment.state !== 'registering') throw passkeyErrors.wrongStep('a passkey is already registered; confirm it by signing in');
  const user = await ctx.directory.findAccount(enrollment.username);
  const applicable = await applicableProfiles(ctx, user?.groups ?? []);
  const existing = (await ctx.passkeys.listForUser(enrollment.username)).filter((p) => p.status === 'active');
  const handle = await ctx.passkeys.userHandle(enrollment.username);
  const rp = webauthnSettings(ctx.config);
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: enrollment.username,
    userID: new Uint8Array(Buffer.from(handle, 'base64url')),
    userDisplayName: user ? `${user.givenName} ${user.familyName}` : enrollment.username,
    timeout: CEREMONY_TIMEOUT_MS,
    // "direct" only when a profile enforces attestation: otherwise ask for none (no model data).
    attestationType: attestationConveyance(applicable),
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    // A passkey is a discoverable credential with user verification (NIST SP 800-63B-4 App. B).
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
  });
  await ctx.enrollments.setChallenge(enrollment.id, 'registration', options.challenge, challengeTtl(ctx, enrollment));
  return options;
}
