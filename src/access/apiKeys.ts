/**
 * Admins create, list and revoke named API keys. A key is shown once, in the creation response,
 * and stored only as its digest; the list never shows it again. Each change is audited with the
 * key's id, name and role (never the key).
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { newSecretToken, sha256Hex } from '../crypto/secrets';
import { errors } from '../errors';
import { appendAudit } from '../audit/auditLog';
import type { ApiKeyRecord, ApiKeyRole } from '../stores/apiKeyStore';

export type ApiKeyView = Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'> & { createdAt: string; revokedAt: string | null };

export function viewOf(record: ApiKeyRecord): ApiKeyView {
  return {
    ...record,
    createdAt: new Date(record.createdAt).toISOString(),
    revokedAt: record.revokedAt === null ? null : new Date(record.revokedAt).toISOString(),
  };
}

export async function createApiKey(ctx: AppContext, input: { name: string; role: ApiKeyRole }, actor: string): Promise<ApiKeyView & { key: string }> {
  const active = (await ctx.apiKeys.list()).filter((k) => k.revokedAt === null);
  if (active.some((k) => k.role === input.role && k.name === input.name)) throw errors.apiKeyNameTaken();
  // The role in the key's text tells an operator what a leaked key opens; the secret is the 256 bits.
  const key = `rk_${input.role}_${newSecretToken()}`;
  const record: ApiKeyRecord = {
    id: randomUUID(),
    name: input.name,
    role: input.role,
    createdAt: ctx.clock.now(),
    createdBy: actor,
    revokedAt: null,
    revokedBy: null,
  };
  if (!(await ctx.apiKeys.create(sha256Hex(key), record))) throw new Error('API key digest collision');
  await appendAudit(ctx, { type: 'admin.api_key_created', actor, data: { id: record.id, name: record.name, role: record.role } });
  return { ...viewOf(record), key };
}

export async function listApiKeys(ctx: AppContext): Promise<ApiKeyView[]> {
  return (await ctx.apiKeys.list()).map(({ digest: _digest, ...record }) => viewOf(record));
}

/** Revokes at once: the next request with the key is refused. Revoking twice answers the same. */
export async function revokeApiKey(ctx: AppContext, id: string, actor: string): Promise<ApiKeyView> {
  const found = (await ctx.apiKeys.list()).find((k) => k.id === id);
  if (!found) throw errors.apiKeyNotFound();
  const { digest, ...before } = found;
  if (before.revokedAt !== null) return viewOf(before);
  const after: ApiKeyRecord = { ...before, revokedAt: ctx.clock.now(), revokedBy: actor };
  await ctx.apiKeys.save(digest, after);
  await appendAudit(ctx, { type: 'admin.api_key_revoked', actor, data: { id, name: before.name, role: before.role } });
  return viewOf(after);
}
