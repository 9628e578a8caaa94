/**
 * Verifies a registration response (challenge, origin, RP ID, UP and UV, attestation signature),
 * then whom the attestation chain is trusted by (FIDO metadata or the profile's own roots: the
 * signature alone proves only that someone holds the certificate's key), then the user's passkey
 * profiles. A passkey that passes is stored as `pending` until the
 * confirming sign-in; one that breaks a profile is refused with the rule named, and the same
 * enrollment may try another authenticator with new options.
 */
import { verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { decodeAttestationObject } from '@simplewebauthn/server/helpers';
import type { AppContext } from '../context';
import { appendAudit } from '../audit/auditLog';
import { countEnrolled } from '../observability/funnelMetrics';
import { webauthnSettings } from '../config/passkeys';
import type { Enrollment } from '../stores/enrollmentStore';
import type { PasskeyRecord } from '../stores/passkeyStore';
import { evaluatePasskey, type PasskeyFacts } from './evaluateProfiles';
import { applicableProfiles } from './applicableProfiles';
import { passkeyErrors } from './errors';
import { AttestationMetadata } from './trust/attestationMetadata';
import { profileAnchors } from './trust/profileAnchors';

export interface RegisteredPasskey {
  credentialId: string;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  aaguid: string;
  profile: string;
  /** The root the attestation was verified against; null when the profile needed none. */
  attestationAnchor: string | null;
}

type Verified = Awaited<ReturnType<typeof verifyRegistrationResponse>>;

export async function registerPasskey(ctx: AppContext, enrollment: Enrollment, response: RegistrationResponseJSON): Promise<RegisteredPasskey> {
  if (enrollment.state !== 'registering') throw passkeyErrors.wrongStep('a passkey is already registered; confirm it by signing in');
  const challenge = await ctx.enrollments.takeChallenge(enrollment.id, 'registration');
  if (!challenge) throw passkeyErrors.noChallenge();
  const info = (await verify(response, challenge, ctx)).registrationInfo;
  if (!info) throw passkeyErrors.verificationFailed('the attestation signature did not verify.');

  const audit = { recoveryId: enrollment.recoveryId, username: enrollment.username, actor: 'claimant' as const };
  const statement = decodeAttestationObject(info.attestationObject).get('attStmt');
  const x5c = statement.get('x5c') ?? [];
  const aaguid = info.aaguid.toLowerCase();
  const model = (await ctx.attestation.metadata()).get(aaguid);
  if (model && AttestationMetadata.isDistrusted(model)) {
    await appendAudit(ctx, {
      ...audit,
      type: 'passkey.rejected',
      data: { enrollmentId: enrollment.id, aaguid, modelStatus: model.status, source: model.source },
    });
    throw passkeyErrors.modelDistrusted(model.description || aaguid, model.status ?? '');
  }
  const user = await ctx.directory.findAccount(enrollment.username);
  const applicable = await applicableProfiles(ctx, user?.groups ?? []);
  const anchors = await profileAnchors(x5c, model, applicable, new Date(ctx.clock.now()));
  const facts = factsOf(info, x5c.length > 0, anchors);
  const evaluation = evaluatePasskey(applicable, facts);
  if (!evaluation.allowed) {
    await appendAudit(ctx, { ...audit, type: 'passkey.rejected', data: { enrollmentId: enrollment.id, ...facts, failures: evaluation.failures } });
    throw passkeyErrors.profileViolation(evaluation.failures);
  }

  const now = ctx.clock.now();
  const record: PasskeyRecord = {
    credentialId: info.credential.id,
    username: enrollment.username,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    backupEligible: facts.backupEligible,
    backedUp: info.credentialBackedUp,
    aaguid: facts.aaguid,
    attestationFormat: info.fmt,
    attestationAnchor: anchors[evaluation.profile] ?? null,
    transports: info.credential.transports ?? [],
    profile: evaluation.profile,
    recoveryId: enrollment.recoveryId,
    status: 'pending',
    createdAt: now,
    confirmedAt: null,
    lastUsedAt: null,
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
  };
  if (!(await ctx.passkeys.createPending(record, enrollment.expiresAt - now))) throw passkeyErrors.alreadyRegistered();
  await ctx.enrollments.save({ ...enrollment, state: 'registered', credentialId: record.credentialId });
  const result: RegisteredPasskey = {
    credentialId: record.credentialId,
    deviceType: info.credentialDeviceType,
    backedUp: record.backedUp,
    aaguid: record.aaguid,
    profile: record.profile,
    attestationAnchor: record.attestationAnchor,
  };
  await appendAudit(ctx, { ...audit, type: 'passkey.registered', data: { enrollmentId: enrollment.id, ...result, attestationFormat: info.fmt } });
  await countEnrolled(ctx, enrollment.recoveryId);
  return result;
}

async function verify(response: RegistrationResponseJSON, challenge: string, ctx: AppContext): Promise<Verified> {
  const rp = webauthnSettings(ctx.config);
  try {
    return await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpID,
      requireUserPresence: true,
      requireUserVerification: true,
    });
  } catch (err) {
    // SimpleWebAuthn throws for malformed or mismatching responses; its message names expected vs received.
    throw passkeyErrors.verificationFailed(err instanceof Error ? err.message : 'unreadable response.');
  }
}

function factsOf(info: NonNullable<Verified['registrationInfo']>, hasChain: boolean, anchors: Record<string, string>): PasskeyFacts {
  // Packed attestation without x5c is self attestation (WebAuthn §8.2): it proves nothing about the
  // model. A chain is "full" in form only; `anchors` says which profiles' trust roots it reaches.
  const attestation = info.fmt === 'none' ? 'none' : hasChain ? 'full' : 'self';
  return {
    userVerified: info.userVerified,
    // SimpleWebAuthn maps BE (flag bit 3) to credentialDeviceType: multiDevice = BE set = synced.
    backupEligible: info.credentialDeviceType === 'multiDevice',
    aaguid: info.aaguid.toLowerCase(),
    attestation,
    anchors,
  };
}
