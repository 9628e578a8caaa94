/**
 * The confirming sign-in: one assertion with the passkey just registered proves it works before
 * the recovery completes and older passkeys are revoked.
 */
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { AppContext } from '../context';
import { webauthnSettings } from '../config/passkeys';
import type { Enrollment } from '../stores/enrollmentStore';
import type { PasskeyRecord } from '../stores/passkeyStore';
import { CEREMONY_TIMEOUT_MS, challengeTtl } from './enrollmentAccess';
import { completeRecovery } from './completeRecovery';
import { passkeyErrors } from './errors';

async function registeredPasskey(ctx: AppContext, enrollment: Enrollment): Promise<PasskeyRecord> {
  if (enrollment.state !== 'registered' || !enrollment.credentialId) {
    throw passkeyErrors.wrongStep(enrollment.state === 'completed' ? 'it is already completed' : 'register a passkey first');
  }
  const passkey = await ctx.passkeys.get(enrollment.credentialId);
  if (!passkey || passkey.status !== 'pending') throw passkeyErrors.enrollmentNotFound();
  return passkey;
}

export async function assertionOptions(ctx: AppContext, enrollment: Enrollment): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkey = await registeredPasskey(ctx, enrollment);
  const options = await generateAuthenticationOptions({
    rpID: webauthnSettings(ctx.config).rpID,
    allowCredentials: [{ id: passkey.credentialId, transports: passkey.transports }],
    userVerification: 'required',
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await ctx.enrollments.setChallenge(enrollment.id, 'authentication', options.challenge, challengeTtl(ctx, enrollment));
  return options;
}

export async function confirmSignIn(ctx: AppContext, enrollment: Enrollment, response: AuthenticationResponseJSON): Promise<{ status: 'completed' }> {
  const passkey = await registeredPasskey(ctx, enrollment);
  const challenge = await ctx.enrollments.takeChallenge(enrollment.id, 'authentication');
  if (!challenge) throw passkeyErrors.noChallenge();
  if (response.id !== passkey.credentialId) throw passkeyErrors.verificationFailed('sign in with the passkey you just registered.');
  const rp = webauthnSettings(ctx.config);
  let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports,
      },
    });
  } catch (err) {
    // Includes a signature counter that did not increase (possible cloned authenticator, WebAuthn §6.1.1).
    throw passkeyErrors.verificationFailed(err instanceof Error ? err.message : 'unreadable response.');
  }
  if (!result.verified) throw passkeyErrors.verificationFailed('the signature did not verify.');
  const info = result.authenticationInfo;
  // BE is fixed at creation: if it differs from what was registered, the assertion fails (WebAuthn L3 §6.1.3, §7.2).
  if ((info.credentialDeviceType === 'multiDevice') !== passkey.backupEligible) {
    throw passkeyErrors.verificationFailed('the passkey changed its backup eligibility since it was registered.');
  }
  await completeRecovery(ctx, enrollment, { ...passkey, counter: info.newCounter, backedUp: info.credentialBackedUp });
  return { status: 'completed' };
}
