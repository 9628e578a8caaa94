import { z } from 'zod';
import type { AppContext } from '../context';
import { LockSchema, readLock, type Lock } from './lockout';

export const LockViewSchema = z.strictObject({
  reason: LockSchema.shape.reason,
  since: z.string(),
  /** null: until an admin clears it. */
  until: z.string().nullable(),
  recoveryId: z.string().nullable(),
});
export type LockView = z.infer<typeof LockViewSchema>;

export function lockView(lock: Lock): LockView {
  return {
    reason: lock.reason,
    since: new Date(lock.since).toISOString(),
    until: lock.until === null ? null : new Date(lock.until).toISOString(),
    recoveryId: lock.recoveryId,
  };
}

/** Adds `selfServiceLock` to a help-desk view when the username is locked, so agents see why. */
export async function withLockState<T extends { username: string }>(ctx: AppContext, item: T): Promise<T & { selfServiceLock?: LockView }> {
  const lock = await readLock(ctx, item.username);
  return lock ? { ...item, selfServiceLock: lockView(lock) } : item;
}
