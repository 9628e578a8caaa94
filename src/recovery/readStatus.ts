/**
 * The claimant's view of a recovery. The Temporary Access Pass is stored for the user only as a
 * hash, in the same atomic write that marks it shown, so the code exists in exactly one response
 * and never in plaintext at rest. Usually it was prepared while the vendor worked
 * (accessPassCandidate.ts) and showing it costs no hashing; otherwise it is minted here.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import type { RecoveryReason, RecoveryStatus } from '../../flows/recoveryMachine';
import { generateAccessPass, hashAccessPass } from '../policies/accessPass';
import { preparedAccessPass, type PreparedPass } from './accessPassCandidate';
import type { AccessPassRecord } from '../stores/accessPassStore';
import type { RecoveryMeta } from '../stores/recoveryStore';
import type { StatusSource } from './statusSource';
import { advance } from './advance';
import { recordedPolicy } from '../recoveryProfiles/resolveProfile';
import { auditSideWrite } from '../audit/auditLog';

export interface RecoveryStatusView {
  id: string;
  status: RecoveryStatus;
  reason?: RecoveryReason;
  accessPass?: { code: string; expiresAt: string; oneTimeUse: boolean };
  next?: { enrollmentUrl: string };
}

export async function readStatus(ctx: AppContext, current: StatusSource): Promise<RecoveryStatusView> {
  const base: RecoveryStatusView = { id: current.meta.id, status: current.status };
  if (current.reason) base.reason = current.reason;
  if (current.status !== 'access_pass_issued') return base;
  base.next = { enrollmentUrl: ctx.credentials.enrollmentUrl };
  if (current.accessPass !== 'pending') return base;
  const revealed = ctx.credentials.kind === 'builtin' ? await revealAccessPass(ctx, current) : await revealIssued(ctx, current);
  return revealed ? { ...base, accessPass: revealed } : base;
}

async function revealAccessPass(ctx: AppContext, record: { meta: RecoveryMeta }): Promise<RecoveryStatusView['accessPass'] | null> {
  // The recovery profile's pass policy, as recorded when its verification began (docs/recovery-profiles.md).
  const policyRead = recordedPolicy(ctx, record.meta).then((p) => p.accessPass);
  const prepared = await preparedAccessPass(
    ctx,
    record.meta.id,
    policyRead.then((p) => p.length),
  );
  const policy = await policyRead;
  const { code, salt, hash, key: candidateKey } = prepared ?? (await mintAccessPass(policy.length));
  const now = ctx.clock.now();
  const expiresAt = now + policy.lifetimeMinutes * 60_000;
  const pass: AccessPassRecord = {
    id: randomUUID(),
    recoveryId: record.meta.id,
    salt,
    hash,
    createdAt: now,
    expiresAt,
    oneTimeUse: policy.oneTimeUse,
    maxAttempts: policy.maxAttempts,
  };
  const key = ctx.accessPasses.keyFor(record.meta.username);
  // The pass hash, the "shown" mark, its audit entry and the end of the candidate are one atomic write.
  const result = await advance(ctx, record.meta.id, { type: 'ACCESS_PASS_REVEALED' }, 'claimant', () => [
    { key, value: JSON.stringify(pass), ttlMs: expiresAt - now },
    ...(candidateKey ? [{ kind: 'del' as const, key: candidateKey }] : []),
    auditSideWrite(ctx, {
      type: 'access_pass.issued',
      recoveryId: record.meta.id,
      username: record.meta.username,
      actor: 'claimant',
      data: { accessPassId: pass.id, expiresAt, oneTimeUse: pass.oneTimeUse, length: policy.length },
    }),
  ]);
  if (!result.applied) return null; // another request showed it first
  // From here on the code must reach the claimant: it exists nowhere else. A failure to schedule
  // the expiry timer only leaves the recovery in access_pass_issued longer; the pass expires anyway.
  await ctx.jobs
    .scheduleTimer({ type: 'access-pass-expiry', recoveryId: record.meta.id, dueAt: expiresAt }, now)
    .catch((err: unknown) => ctx.logger.warn({ recoveryId: record.meta.id, err: String(err) }, 'access-pass expiry timer not scheduled'));
  return { code, expiresAt: new Date(expiresAt).toISOString(), oneTimeUse: pass.oneTimeUse };
}

/**
 * A pass the target issued at approval (an Entra TAP): unsealed, and deleted in the same atomic
 * write that marks it shown, so exactly one response carries it. Its expiry and the enrollment
 * watch were scheduled at approval (recovery/approvalCredential.ts).
 */
async function revealIssued(ctx: AppContext, record: { meta: RecoveryMeta }): Promise<RecoveryStatusView['accessPass'] | null> {
  const credential = await ctx.issuedCredentials.open(record.meta.id);
  if (!credential) return null;
  const result = await advance(ctx, record.meta.id, { type: 'ACCESS_PASS_REVEALED' }, 'claimant', () => [
    { kind: 'del' as const, key: ctx.issuedCredentials.keyOf(record.meta.id) },
    auditSideWrite(ctx, {
      type: 'access_pass.issued',
      recoveryId: record.meta.id,
      username: record.meta.username,
      actor: 'claimant',
      data: { accessPassId: credential.methodId, expiresAt: credential.expiresAt, oneTimeUse: credential.oneTimeUse, target: ctx.credentials.kind },
    }),
  ]);
  if (!result.applied) return null;
  return { code: credential.code, expiresAt: new Date(credential.expiresAt).toISOString(), oneTimeUse: credential.oneTimeUse };
}

async function mintAccessPass(length: number): Promise<Omit<PreparedPass, 'key'> & { key?: undefined }> {
  const code = generateAccessPass(length);
  return { code, ...(await hashAccessPass(code)) };
}
