/**
 * The built-in credential target: the service's own Temporary Access Pass (stored only as a salted
 * scrypt hash, redeemed at `/enroll`), its own passkey store, and no sign-in sessions of its own
 * (the service is not where the organisation's sessions live).
 *
 * The recovery journey shows a built-in pass through the prepared-candidate path instead of
 * `issue` (recovery/accessPassCandidate.ts: the scrypt hash is computed while the vendor works,
 * docs/benchmarks.md "Push latency"); `issue` mints the same kind of pass in one step.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import { generateAccessPass, hashAccessPass } from '../../policies/accessPass';
import type { AccessPassStore } from '../../stores/accessPassStore';
import type { PasskeyStore } from '../../stores/passkeyStore';
import type { CredentialTarget } from '../credentials';

export interface BuiltinCredentialOptions {
  accessPasses: AccessPassStore;
  passkeys: PasskeyStore;
  clock: Clock;
  publicBaseUrl: string;
  passLength: number;
  maxAttempts: number;
}

export function createBuiltinCredentials(o: BuiltinCredentialOptions): CredentialTarget {
  return {
    kind: 'builtin',
    enrollmentUrl: `${o.publicBaseUrl}/enroll`,
    async issue(account, request) {
      const code = generateAccessPass(o.passLength);
      const now = o.clock.now();
      const record = {
        id: randomUUID(),
        recoveryId: request.recoveryId,
        ...(await hashAccessPass(code)),
        createdAt: now,
        expiresAt: now + request.lifetimeMinutes * 60_000,
        oneTimeUse: request.oneTimeUse,
        maxAttempts: o.maxAttempts,
      };
      await o.accessPasses.put(account.username, record, now); // one pass per user: replaces an earlier one
      return { code, methodId: record.id, createdAt: now, expiresAt: record.expiresAt, oneTimeUse: record.oneTimeUse };
    },
    async withdraw(account, methodId) {
      if ((await o.accessPasses.get(account.username))?.id === methodId) await o.accessPasses.revoke(account.username);
    },
    async enrollment(account, since) {
      const passkeys = await o.passkeys.listForUser(account.username);
      const fresh = passkeys.find((p) => p.status === 'active' && p.createdAt >= since);
      return { passkeyId: fresh?.credentialId ?? null };
    },
    async hygiene(account, options) {
      const now = o.clock.now();
      const removed: string[] = [];
      if (options.removeOlderThan !== null) {
        for (const p of await o.passkeys.listForUser(account.username)) {
          if (p.status !== 'active' || p.credentialId === options.keepPasskeyId || p.createdAt >= options.removeOlderThan) continue;
          await o.passkeys.save({ ...p, status: 'revoked', revokedAt: now, revokedReason: 'replaced_by_recovery' });
          removed.push(p.credentialId);
        }
      }
      return { sessionsRevoked: false, passkeysRemoved: removed };
    },
    async undo(account, outcome) {
      const pass = await o.accessPasses.get(account.username);
      const accessPassWithdrawn = pass !== null && pass.id === outcome.methodId;
      if (accessPassWithdrawn) await o.accessPasses.revoke(account.username);
      const removed: string[] = [];
      const passkey = outcome.passkeyId ? await o.passkeys.get(outcome.passkeyId) : null;
      if (passkey && passkey.status !== 'revoked' && passkey.username === account.username) {
        await o.passkeys.save({ ...passkey, status: 'revoked', revokedAt: o.clock.now(), revokedReason: 'repudiated' });
        removed.push(passkey.credentialId);
      }
      return { accessPassWithdrawn, passkeysRemoved: removed, sessionsRevoked: false };
    },
    async check() {
      /* its stores are the service's own Redis */
    },
  };
}
