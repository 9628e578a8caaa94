/**
 * A verification attempt's records (their schemas: src/recovery/verificationRecord.ts): the
 * verification record written with the move to `verifying`, the vendor state once submitted, the
 * vendor the attempt must stay with, and the latest verdict summary of the recovery.
 */
import type { Redis } from 'ioredis';
import type { ChainContent } from '../crypto/auditChain';
import type { AuditStore } from './auditStore';
import type { RedisKeys } from './keys';
import { SAVE_VENDOR_STATE_BODY } from './scripts/saveVendorState.lua';

/** What saveVendorState writes: the state (JSON) and the vendor-reference index entry (JSON) leading back to the attempt. */
export interface VendorStateWrite {
  provider: string;
  vendorRef: string;
  state: string;
  index: string;
  ttlMs: number;
}

export class VerificationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly audit: AuditStore,
  ) {}

  /** The verification record's key, for the side write of the move to `verifying`. */
  recordKey(recoveryId: string, attempt: number): string {
    return this.keys.verification(recoveryId, attempt);
  }

  /** The verdict summary's key, for the side write of the state change that applies the verdict. */
  verdictKey(recoveryId: string): string {
    return this.keys.verdictSummary(recoveryId);
  }

  vendorStateKey(recoveryId: string, attempt: number): string {
    return this.keys.vendorState(recoveryId, attempt);
  }

  stickyVendorKey(recoveryId: string, attempt: number): string {
    return this.keys.stickyVendor(recoveryId, attempt);
  }

  async readRecord(recoveryId: string, attempt: number): Promise<string | null> {
    return this.redis.get(this.keys.verification(recoveryId, attempt));
  }

  async readVerdictSummary(recoveryId: string): Promise<string | null> {
    return this.redis.get(this.keys.verdictSummary(recoveryId));
  }

  /** The record, the vendor state and the sticky vendor of one attempt, in one command. */
  async readAttempt(recoveryId: string, attempt: number): Promise<Array<string | null>> {
    return this.redis.mget(
      this.keys.verification(recoveryId, attempt),
      this.keys.vendorState(recoveryId, attempt),
      this.keys.stickyVendor(recoveryId, attempt),
    );
  }

  /** Pins the attempt to a vendor that may have accepted a submission; the first pin stays (NX). */
  async stickToVendor(recoveryId: string, attempt: number, vendor: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.stickyVendor(recoveryId, attempt), vendor, 'PX', ttlMs, 'NX');
  }

  /** The vendor state and its index with the audit entry, atomically; false when the attempt's state was saved already. */
  async saveVendorState(recoveryId: string, attempt: number, write: VendorStateWrite, entry: ChainContent): Promise<boolean> {
    const keys = [this.keys.vendorState(recoveryId, attempt), this.keys.vendorRef(write.provider, write.vendorRef)];
    const args = [write.state, write.index, String(write.ttlMs)];
    return (await this.audit.chainedEval(SAVE_VENDOR_STATE_BODY, keys, args, [entry])) === 1;
  }
}
