import type { AppContext } from '../context';
import { errors } from '../errors';
import { matchesHash } from '../crypto/secrets';
import type { StoredRecovery } from '../stores/recoveryStore';
import { loadStatusSource, type StatusSource } from './statusSource';

/** Loads a recovery and checks its bearer token in constant time. */
export async function authorizeRecovery(ctx: AppContext, id: string, bearer: string | null): Promise<StoredRecovery> {
  const record = await ctx.recoveries.get(id);
  if (!record) throw errors.recoveryNotFound();
  if (!bearer || !matchesHash(bearer, record.meta.tokenHash)) throw errors.recoveryToken();
  return record;
}

/** The same check for a status read, which needs only the metadata and the summary fields. */
export async function authorizeStatusRead(ctx: AppContext, id: string, bearer: string | null): Promise<StatusSource> {
  const source = await loadStatusSource(ctx, id);
  if (!source) throw errors.recoveryNotFound();
  if (!bearer || !matchesHash(bearer, source.meta.tokenHash)) throw errors.recoveryToken();
  return source;
}
