/**
 * Passkey re-enrollment: redeem the access pass, register a passkey that the user's
 * passkey profiles allow, sign in with it once, and the recovery is completed. Thin handlers:
 * parse, call src/passkeys, parse the response. Every response is `no-store` (tokens, challenges).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RegistrationResponseJSON, AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AppContext } from '../../context';
import { assertionOptions, authorizeEnrollment, confirmSignIn, registerPasskey, registrationOptions, startEnrollment } from '../../passkeys';
import { AuthenticationResponseSchema, CreationOptionsSchema, RegistrationResponseSchema, RequestOptionsSchema } from '../../passkeys/webauthnSchemas';
import { limitAccessPassRedemption } from '../rateLimit';
import { bearer, parseInput, requireJson, send } from '../validate';

const StartBody = z.strictObject({ username: z.string().trim().min(1).max(256), accessPass: z.string().trim().min(1).max(64) });
const IdParams = z.object({ id: z.uuid() });
const RegisterBody = z.strictObject({ response: RegistrationResponseSchema });
const AssertionBody = z.strictObject({ response: AuthenticationResponseSchema });

export const EnrollmentStarted = z.strictObject({ id: z.string(), token: z.string(), expiresAt: z.string(), options: CreationOptionsSchema });
export const RegisteredPasskey = z.strictObject({
  credentialId: z.string(),
  deviceType: z.enum(['singleDevice', 'multiDevice']),
  backedUp: z.boolean(),
  aaguid: z.string(),
  profile: z.string(),
  attestationAnchor: z.string().nullable(),
});
const CreationOptionsResponse = z.strictObject({ options: CreationOptionsSchema });
const RequestOptionsResponse = z.strictObject({ options: RequestOptionsSchema });
const Completed = z.strictObject({ status: z.literal('completed') });

async function enrollmentOf(ctx: AppContext, req: Request) {
  const { id } = parseInput(IdParams, req.params, 'path');
  return authorizeEnrollment(ctx, id, bearer(req));
}

const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

export function enrollmentRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/v1/enrollments', limitAccessPassRedemption(ctx), async (req, res) => {
    requireJson(req);
    const body = parseInput(StartBody, req.body, 'body');
    send(noStore(res), 201, EnrollmentStarted, await startEnrollment(ctx, body));
  });

  router.post('/v1/enrollments/:id/options', async (req, res) => {
    const enrollment = await enrollmentOf(ctx, req);
    send(noStore(res), 200, CreationOptionsResponse, { options: await registrationOptions(ctx, enrollment) });
  });

  router.post('/v1/enrollments/:id/passkeys', async (req, res) => {
    const enrollment = await enrollmentOf(ctx, req);
    requireJson(req);
    const { response } = parseInput(RegisterBody, req.body, 'body');
    // The shape is checked here; SimpleWebAuthn verifies every byte inside it.
    send(noStore(res), 201, RegisteredPasskey, await registerPasskey(ctx, enrollment, response as RegistrationResponseJSON));
  });

  router.post('/v1/enrollments/:id/assertion/options', async (req, res) => {
    const enrollment = await enrollmentOf(ctx, req);
    send(noStore(res), 200, RequestOptionsResponse, { options: await assertionOptions(ctx, enrollment) });
  });

  router.post('/v1/enrollments/:id/assertion', async (req, res) => {
    const enrollment = await enrollmentOf(ctx, req);
    requireJson(req);
    const { response } = parseInput(AssertionBody, req.body, 'body');
    send(noStore(res), 200, Completed, await confirmSignIn(ctx, enrollment, response as AuthenticationResponseJSON));
  });

  return router;
}
