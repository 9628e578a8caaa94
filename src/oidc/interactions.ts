/**
 * The one interaction of every authorization request (oidc-provider's `interactions.url`): what
 * the page needs to know, and how it ends, by a passkey sign-in or by the person declining. The
 * result goes back to oidc-provider, which redirects to the relying party with a code or an OAuth
 * error (OpenID Connect Core 1.0 §3.1.2.6).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../context';
import type { OidcUse } from '../stores/oidcClientStore';
import type { PasskeyRecord } from '../stores/passkeyStore';
import { passkeyAuthContext } from './authContext';
import { allowedUses } from './clients';
import { oidcErrors } from './errors';
import { requestedUse, verifiedClaimsRequest } from './requests';
import { CLAIMS_IN_VERIFIED_CLAIMS } from './verifiedClaims';
import { randomBytes } from 'node:crypto';
import { view } from '../../flows/transition';
import { finalStatuses } from '../../flows/recoveryMachine';
import { advance } from '../recovery/advance';
import { appendAudit } from '../audit/auditLog';

export interface InteractionView {
  uid: string;
  use: OidcUse;
  clientName: string;
  purpose: string | null;
  loginHint: string | null;
  /** Identity verification: the claims the relying party asked to receive (shown to the person at consent). */
  requestedClaims: string[];
  /** Seconds left to finish. */
  expiresIn: number;
  clientId: string;
}

async function details(ctx: AppContext, req: IncomingMessage, res: ServerResponse) {
  const provider = await ctx.oidc!.provider();
  try {
    return { provider, interaction: await provider.interactionDetails(req, res) };
  } catch {
    // No interaction cookie, a cookie for another uid, or an expired interaction.
    throw oidcErrors.interactionNotFound();
  }
}

export async function interactionView(ctx: AppContext, req: IncomingMessage, res: ServerResponse, uid: string): Promise<InteractionView> {
  const { provider, interaction } = await details(ctx, req, res);
  if (interaction.uid !== uid) throw oidcErrors.interactionNotFound();
  const params = interaction.params as Record<string, unknown>;
  const client = await provider.Client.find(String(params.client_id));
  if (!client) throw oidcErrors.interactionNotFound();
  const claims = typeof params.claims === 'string' ? (JSON.parse(params.claims) as Record<string, unknown>) : undefined;
  const use = requestedUse(claims);
  if (!allowedUses(client.metadata()).includes(use)) throw oidcErrors.interactionNotFound(); // refused at /authorize already
  const wanted = verifiedClaimsRequest(claims)?.claims ?? {};
  return {
    uid,
    use,
    clientName: client.clientName ?? client.clientId,
    clientId: client.clientId,
    purpose: typeof params.purpose === 'string' ? params.purpose : null,
    loginHint: typeof params.login_hint === 'string' ? params.login_hint : null,
    requestedClaims: CLAIMS_IN_VERIFIED_CLAIMS.filter((name) => name in wanted),
    expiresIn: Math.max(0, interaction.exp - Math.floor(Date.now() / 1000)),
  };
}

/** Ends the interaction with the passkey's account signed in; returns where the browser goes next. */
export async function finishWithPasskey(ctx: AppContext, req: IncomingMessage, res: ServerResponse, passkey: PasskeyRecord): Promise<string> {
  const { provider, interaction } = await details(ctx, req, res);
  const sub = await ctx.passkeys.userHandle(passkey.username);
  const grant = new provider.Grant({ accountId: sub, clientId: String(interaction.params.client_id) });
  grant.addOIDCScope('openid');
  const grantId = await grant.save();
  const { acr, amr } = passkeyAuthContext(passkey);
  return provider.interactionResult(
    req,
    res,
    {
      login: { accountId: sub, acr, amr, remember: false },
      consent: { grantId },
    },
    { mergeWithLastSubmission: false },
  );
}

/**
 * The person declined: the relying party gets `access_denied` (RFC 6749 §4.1.2.1). A verification
 * in progress for this interaction is cancelled, so no vendor is paid for an answer nobody takes.
 */
export async function declineInteraction(ctx: AppContext, req: IncomingMessage, res: ServerResponse): Promise<string> {
  const { provider, interaction } = await details(ctx, req, res);
  const binding = await ctx.verifiedIdentities.binding(interaction.uid);
  if (binding) await advance(ctx, binding.recoveryId, { type: 'CANCEL' }, 'claimant');
  return provider.interactionResult(req, res, { error: 'access_denied', error_description: 'the person declined' }, { mergeWithLastSubmission: false });
}

/**
 * Ends an identity verification's interaction once its recovery has ended (OpenID Connect for
 * Identity Assurance 1.0). `verified`: the person is signed in as the account the relying party
 * named (`login_hint`, its stable `sub`) or, with none, under a pseudonymous subject of this one
 * verification; what was proved is kept sealed under the new grant for the ID token and UserInfo
 * (configuration.ts findAccount), never an image. Anything else: `access_denied` with the reason,
 * never a code. Throws `oidc.verification_pending` while the verification runs.
 */
export async function finishVerification(ctx: AppContext, req: IncomingMessage, res: ServerResponse, uid: string): Promise<string> {
  const { provider, interaction } = await details(ctx, req, res);
  if (interaction.uid !== uid) throw oidcErrors.interactionNotFound();
  const binding = await ctx.verifiedIdentities.binding(uid);
  if (!binding) throw oidcErrors.noVerification();
  const record = await ctx.recoveries.get(binding.recoveryId);
  const current = record ? view(record.snapshot) : null;
  if (current && !finalStatuses.has(current.status)) throw oidcErrors.verificationPending(current.status);
  const identity = current?.status === 'verified' ? await ctx.verifiedIdentities.identity(binding.recoveryId) : null;
  const audit = { recoveryId: binding.recoveryId, username: record?.meta.username ?? '', actor: 'claimant' as const };
  const end = (error_description: string, outcome: string) =>
    appendAudit(ctx, {
      ...audit,
      type: 'oidc.verification_finished',
      data: { clientId: binding.clientId, outcome, accountMatch: binding.loginHint !== null },
    }).then(() => provider.interactionResult(req, res, { error: 'access_denied', error_description }, { mergeWithLastSubmission: false }));
  if (!current || !identity) {
    const why = current ? `${current.status}${current.context.reason ? ` (${current.context.reason})` : ''}` : 'expired';
    return end(
      `the identity verification did not succeed: ${why}`,
      current?.status === 'verified' ? 'result_gone' : (current?.context.reason ?? current?.status ?? 'expired'),
    );
  }
  // With a login_hint the matched account's stable subject (the same as its passkey sign-in);
  // without, 256 random bits: nothing links two verifications of the same person.
  const account = binding.loginHint ? await ctx.directory.findAccount(binding.loginHint) : null;
  if (binding.loginHint && !account) return end('the identity verification did not succeed: account_mismatch', 'account_gone');
  const sub = account ? await ctx.passkeys.userHandle(account.username) : `v.${randomBytes(32).toString('base64url')}`;
  const grant = new provider.Grant({ accountId: sub, clientId: binding.clientId });
  grant.addOIDCScope('openid');
  grant.addOIDCClaims(['verified_claims']);
  const grantId = await grant.save();
  const c = ctx.config;
  // As long as a code and the tokens it buys can be used (the grant's own lifetime is the interaction's).
  await ctx.verifiedIdentities.saveForGrant(grantId, identity, c.OIDC_CODE_TTL_SECONDS + c.OIDC_ID_TOKEN_TTL_SECONDS + 60);
  await ctx.verifiedIdentities.removeIdentity(binding.recoveryId);
  await appendAudit(ctx, {
    ...audit,
    type: 'oidc.verification_finished',
    data: {
      clientId: binding.clientId,
      outcome: 'verified',
      accountMatch: account !== null,
      attempt: identity.attempt,
      reviewed: identity.outcome === 'review',
    },
  });
  // No acr/amr: this is not an authentication with a credential; the assurance is in verified_claims.
  return provider.interactionResult(req, res, { login: { accountId: sub, remember: false }, consent: { grantId } }, { mergeWithLastSubmission: false });
}
