/**
 * The OpenID Provider over HTTP (docs/oidc.md). Protocol endpoints (discovery, /authorize, PAR,
 * token, JWKS, userinfo) are oidc-provider's own handler, mounted before the JSON body parser:
 * it reads form bodies itself. The interaction (the sign-in page and its JSON calls) is ours.
 * With OIDC_PROVIDER_ENABLED unset, none of these paths exist.
 */
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { declineInteraction, finishVerification, finishWithPasskey, interactionView } from '../../oidc/interactions';
import { startVerification } from '../../recovery/startVerification';
import { clientOf, limitRecoveryStart } from '../rateLimit';
import { StartResponse } from './recoveries';
import { signInOptions, verifySignIn } from '../../oidc/passkeySignIn';
import { oidcErrors } from '../../oidc/errors';
import { mountUnder } from '../mountUnder';
import { parseInput, requireJson, send } from '../validate';
import { webPaths } from './web';
import { RequestOptionsSchema } from '../../passkeys/webauthnSchemas';

const Uid = z.object({ uid: z.string().regex(/^[\w-]{10,64}$/) });
const AssertionBody = z.strictObject({ response: z.looseObject({ id: z.string().min(1).max(1024), type: z.literal('public-key') }) });
export const InteractionViewResponse = z.strictObject({
  uid: z.string(),
  use: z.enum(['passkey_sign_in', 'identity_verification']),
  clientName: z.string(),
  purpose: z.string().nullable(),
  loginHint: z.string().nullable(),
  requestedClaims: z.array(z.string()),
  expiresIn: z.number(),
  clientId: z.string(),
});
export const InteractionNext = z.strictObject({ redirectTo: z.string() });
const OptionsResponse = z.strictObject({ options: RequestOptionsSchema });

/** oidc-provider's handler for the protocol paths, under the issuer's path. */
function oidcProtocolRoutes(ctx: AppContext): RequestHandler {
  const oidc = ctx.oidc;
  if (!oidc) return (_req, _res, next) => next();
  const { mount, protocol, interactionPrefix } = oidc.paths;
  const handler: RequestHandler = (req, res, next) => {
    if (req.path.toLowerCase().startsWith(`${interactionPrefix}/`)) return next();
    oidc.provider().then((provider) => provider.callback()(req, res), next);
  };
  const router = Router();
  router.use(mount || '/', mountUnder(protocol, handler));
  return router;
}

/** Both, in order: the interaction first (its paths are under the protocol's `/oidc`). */
export function oidcRoutes(ctx: AppContext): RequestHandler[] {
  if (!ctx.oidc) return [(_req, _res, next) => next()];
  const { mount, interactionPrefix } = ctx.oidc.paths;
  return [mountUnder([`${mount}${interactionPrefix}`], oidcInteractionRoutes(ctx)), oidcProtocolRoutes(ctx)];
}

/** The interaction page and its calls: `<issuer path>/oidc/interaction/:uid[/…]`. */
function oidcInteractionRoutes(ctx: AppContext): Router {
  const router = Router();
  const oidc = ctx.oidc;
  if (!oidc) return router;
  const base = `${oidc.paths.mount}${oidc.paths.interactionPrefix}/:uid`;
  const json = express.json({ limit: 64 * 1024, strict: true, type: 'application/json' });
  const ttl = (view: { expiresIn: number }) => Math.max(1, view.expiresIn);

  // The page is static (no inline script, the strict CSP holds); its script reads the uid from the path.
  router.get(base, (req, res) => {
    parseInput(Uid, req.params, 'path');
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(path.join(webPaths.pages(), 'sign-in.html'));
  });

  router.get(`${base}/details`, async (req, res) => {
    const { uid } = parseInput(Uid, req.params, 'path');
    send(res.setHeader('Cache-Control', 'no-store'), 200, InteractionViewResponse, await interactionView(ctx, req, res, uid));
  });

  router.post(`${base}/passkey/options`, async (req, res) => {
    const { uid } = parseInput(Uid, req.params, 'path');
    const view = await interactionView(ctx, req, res, uid);
    if (view.use !== 'passkey_sign_in') throw oidcErrors.wrongInteraction('an identity verification');
    const options = await signInOptions(ctx, uid, view.loginHint ?? undefined, ttl(view));
    send(res.setHeader('Cache-Control', 'no-store'), 200, OptionsResponse, { options });
  });

  router.post(`${base}/passkey`, json, async (req, res) => {
    requireJson(req);
    const { uid } = parseInput(Uid, req.params, 'path');
    const body = parseInput(AssertionBody, req.body, 'body');
    const view = await interactionView(ctx, req, res, uid);
    if (view.use !== 'passkey_sign_in') throw oidcErrors.wrongInteraction('an identity verification');
    const passkey = await verifySignIn(ctx, uid, view.loginHint ?? undefined, body.response as never);
    send(res.setHeader('Cache-Control', 'no-store'), 200, InteractionNext, { redirectTo: await finishWithPasskey(ctx, req, res, passkey) });
  });

  // Identity verification (OpenID Connect for Identity Assurance 1.0): a verification-only recovery
  // bound to this interaction; the page then uses the recovery API with the returned bearer token
  // (evidence, status, live progress) and comes back here to finish once it has ended.
  router.post(`${base}/verification`, limitRecoveryStart(ctx), async (req, res) => {
    const { uid } = parseInput(Uid, req.params, 'path');
    const view = await interactionView(ctx, req, res, uid);
    if (view.use !== 'identity_verification') throw oidcErrors.wrongInteraction('a passkey sign-in');
    const started = await startVerification(
      ctx,
      { uid, clientId: view.clientId, loginHint: view.loginHint, ttlSeconds: ttl(view) },
      clientOf(req, ctx.config.IPV6_PREFIX_LENGTH),
    );
    send(res.setHeader('Cache-Control', 'no-store'), 201, StartResponse, started);
  });

  router.post(`${base}/verification/finish`, async (req, res) => {
    const { uid } = parseInput(Uid, req.params, 'path');
    send(res.setHeader('Cache-Control', 'no-store'), 200, InteractionNext, { redirectTo: await finishVerification(ctx, req, res, uid) });
  });

  router.post(`${base}/decline`, async (req, res) => {
    parseInput(Uid, req.params, 'path');
    send(res.setHeader('Cache-Control', 'no-store'), 200, InteractionNext, { redirectTo: await declineInteraction(ctx, req, res) });
  });
  return router;
}
