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
import { requestedUse } from './requests';

export interface InteractionView {
  uid: string;
  use: OidcUse;
  clientName: string;
  purpose: string | null;
  loginHint: string | null;
  /** Seconds left to finish. */
  expiresIn: number;
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
  const claims = typeof params.claims === 'string' ? JSON.parse(params.claims) as Record<string, unknown> : undefined;
  const use = requestedUse(claims);
  if (!allowedUses(client.metadata()).includes(use)) throw oidcErrors.interactionNotFound(); // refused at /authorize already
  return {
    uid, use, clientName: client.clientName ?? client.clientId,
    purpose: typeof params.purpose === 'string' ? params.purpose : null,
    loginHint: typeof params.login_hint === 'string' ? params.login_hint : null,
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
  return provider.interactionResult(req, res, {
    login: { accountId: sub, acr, amr, remember: false },
    consent: { grantId },
  }, { mergeWithLastSubmission: false });
}

/** The person declined: the relying party gets `access_denied` (RFC 6749 §4.1.2.1). */
export async function declineInteraction(ctx: AppContext, req: IncomingMessage, res: ServerResponse): Promise<string> {
  const { provider } = await details(ctx, req, res);
  return provider.interactionResult(req, res, { error: 'access_denied', error_description: 'the person declined to sign in' }, { mergeWithLastSubmission: false });
}
