/** Loads an enrollment and checks its bearer token in constant time and its expiry on the injected clock. */
import type { AppContext } from '../context';
import { matchesHash } from '../crypto/secrets';
import type { Enrollment } from '../stores/enrollmentStore';
import { passkeyErrors } from './errors';

export async function authorizeEnrollment(ctx: AppContext, id: string, bearer: string | null): Promise<Enrollment> {
  const enrollment = await ctx.enrollments.get(id);
  if (!enrollment || ctx.clock.now() >= enrollment.expiresAt) throw passkeyErrors.enrollmentNotFound();
  if (!bearer || !matchesHash(bearer, enrollment.tokenHash)) throw passkeyErrors.enrollmentToken();
  return enrollment;
}

/** How long a WebAuthn ceremony may take: 5 minutes, the default of WebAuthn L3 §15.1 (recommended ceremony timeouts) when UV is required. */
export const CEREMONY_TIMEOUT_MS = 300_000;

/** A challenge lives as long as its ceremony, and never past the enrollment. */
export function challengeTtl(ctx: AppContext, enrollment: Enrollment): number {
  return Math.min(CEREMONY_TIMEOUT_MS, enrollment.expiresAt - ctx.clock.now());
}
