/**
 * Sign in with a passkey registered through a recovery (WebAuthn L3 §7.2, verified by
 * SimpleWebAuthn). Beyond the signature: the passkey must be active (not pending, not revoked); BE
 * must not have changed since registration (§6.1.3); the account must not be under the owner's
 * repudiation lock (NIST SP 800-63B-4 §4.3: suspend on compromise); and the passkey profiles that
 * apply to the account NOW must still accept it, as Entra enforces its passkey profiles at every
 * sign-in, not only at registration.
 */
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { AppContext } from '../context';
import { appendAudit } from '../audit/auditLog';
import { webauthnSettings } from '../config/passkeys';
import { applicableProfiles } from '../passkeys/applicableProfiles';
import { evaluatePasskey } from '../passkeys/evaluateProfiles';
import { storedPasskeyFacts } from '../passkeys/storedFacts';
import { passkeyErrors } from '../passkeys/errors';
import { accountIdLockName, readLock } from '../safety/lockout';
import { accountRisk } from '../risk/riskState';
import { userKey } from '../stores/keys';
import type { PasskeyRecord } from '../stores/passkeyStore';
import { oidcErrors } from './errors';

const CEREMONY_TIMEOUT_MS = 120_000;

export async function signInOptions(
  ctx: AppContext,
  uid: string,
  loginHint: string | undefined,
  ttlSeconds: number,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  // With a login_hint, offer that account's passkeys; without, the browser lists discoverable ones.
  const mine = loginHint ? (await ctx.passkeys.listForUser(loginHint)).filter((p) => p.status === 'active') : [];
  const options = await generateAuthenticationOptions({
    rpID: webauthnSettings(ctx.config).rpID,
    allowCredentials: mine.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
    userVerification: 'required',
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await ctx.oidc!.store.putChallenge(uid, options.challenge, ttlSeconds);
  return options;
}

export async function verifySignIn(ctx: AppContext, uid: string, loginHint: string | undefined, response: AuthenticationResponseJSON): Promise<PasskeyRecord> {
  const challenge = await ctx.oidc!.store.takeChallenge(uid);
  if (!challenge) throw oidcErrors.noChallenge();
  const passkey = await ctx.passkeys.get(response.id);
  if (!passkey || passkey.status !== 'active') throw oidcErrors.passkeyUnknown();
  if (loginHint && userKey(loginHint) !== userKey(passkey.username)) throw oidcErrors.accountMismatch();
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
    throw oidcErrors.passkeyInvalid(err instanceof Error ? err.message : 'unreadable response.');
  }
  if (!result.verified) throw oidcErrors.passkeyInvalid('the signature did not verify.');
  const info = result.authenticationInfo;
  if ((info.credentialDeviceType === 'multiDevice') !== passkey.backupEligible) {
    throw oidcErrors.passkeyInvalid('the passkey changed its backup eligibility since it was registered.');
  }
  const audit = { username: passkey.username, actor: 'claimant' as const };
  // Read, never guessed: a directory that cannot answer fails the sign-in (503 directory.unavailable)
  // rather than falling back to no groups, which would judge a Tier-0 admin by the default profile.
  const account = await ctx.directory.findAccount(passkey.username);
  if (!account || account.disabled) {
    await appendAudit(ctx, {
      ...audit,
      type: 'oidc.sign_in_refused',
      data: { credentialId: passkey.credentialId, reason: account ? 'account_disabled' : 'account_gone' },
    });
    throw oidcErrors.accountDisabled();
  }
  const locks = await Promise.all([readLock(ctx, passkey.username), readLock(ctx, accountIdLockName(account.id))]);
  if (locks.some((l) => l?.reason === 'owner_repudiated')) {
    await appendAudit(ctx, { ...audit, type: 'oidc.sign_in_refused', data: { credentialId: passkey.credentialId, reason: 'owner_repudiated' } });
    throw oidcErrors.accountLocked();
  }
  // A risky account (docs/risk.md) signs in again only after re-proofing clears the risk: a passkey
  // an attacker may have enrolled must not keep working while the account is under suspicion.
  const risk = await accountRisk(ctx, passkey.username, account);
  if (risk.risky) {
    await appendAudit(ctx, {
      ...audit,
      type: 'oidc.sign_in_refused',
      data: { credentialId: passkey.credentialId, reason: 'account_risky', sources: risk.sources },
    });
    throw oidcErrors.accountRisky();
  }
  const applicable = await applicableProfiles(ctx, account.groups);
  const evaluation = evaluatePasskey(
    applicable,
    storedPasskeyFacts(
      passkey,
      info.userVerified,
      applicable.map((p) => p.name),
    ),
  );
  if (!evaluation.allowed) {
    await appendAudit(ctx, {
      ...audit,
      type: 'oidc.sign_in_refused',
      data: { credentialId: passkey.credentialId, reason: 'profile_violation', failures: evaluation.failures },
    });
    throw passkeyErrors.profileViolation(evaluation.failures);
  }
  const used: PasskeyRecord = { ...passkey, counter: info.newCounter, backedUp: info.credentialBackedUp, lastUsedAt: ctx.clock.now() };
  await ctx.passkeys.save(used);
  return used;
}
