import type { AppContext } from '../context';
import { errors } from '../errors';
import { matchesHash } from '../crypto/secrets';
import type { StoredRecovery } from '../stores/recoveryStore';
import { loadStatusSource, type StatusSource } from './statusSource';

/** Loads a recovery and checks its bearer token in constant time. */
export async function authorizeRecovery(ctx: AppContext, id: string, bearer: string | null): Promise<StoredRecovery> {
  return checkToken(await ctx.recoveries.get(id), bearer);
}

/** The same check for a status read, which needs only the metadata and the summary fields. */
export async function authorizeStatusRead(ctx: AppContext, id: string, bearer: string | null): Promise<StatusSource> {
  return checkToken(await loadStatusSource(ctx, id), bearer);
}

function checkToken<T extends { meta: { tokenHash: string } }>(found: T | null, bearer: string | null): T {
  if (!found) throw errors.recoveryNotFound();
  if (!bearer || !matchesHash(bearer, found.meta.tokenHash)) throw errors.recoveryToken();
  return found;
}
