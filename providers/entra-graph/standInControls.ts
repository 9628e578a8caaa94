/**
 * What a test may read from the stand-in (state) and change in it (controls). Reads return copies,
 * so a test cannot change the directory behind the HTTP API's back by accident.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FaultQueue } from './faults';
import type { RequestLogEntry } from './graphApp';
import type { TapService } from './taps';
import type { Fido2Record, GroupRecord, RiskRecord, TapRecord, Tenant, UserRecord } from './tenant';
import type { ExistingTapBehaviour, FaultSpec, Fido2Input, RiskInput, TapPolicy } from './types';

/** A user's pass as a test reads it: the record (code in clear: a test double's privilege) and its usability now. */
export type TapState = Omit<TapRecord, 'used'> & { isUsable: boolean; methodUsabilityReason: string };

export interface GraphStandInState {
  users(): UserRecord[];
  user(idOrUpn: string): UserRecord | undefined;
  groups(): GroupRecord[];
  /** The user's pass (Graph keeps at most one), or an empty list. */
  taps(userIdOrUpn: string): TapState[];
  fido2Methods(userIdOrUpn: string): Fido2Record[];
  /** Every `revokeSignInSessions` call, with the directory time it was made. */
  revocations(): { userId: string; at: number }[];
  requests(): RequestLogEntry[];
  tapPolicy(): TapPolicy;
  /** ID Protection's record of the user's risk, or undefined when the user has none. */
  risk(userIdOrUpn: string): RiskRecord | undefined;
  /** Every `riskyUsers/dismiss` call, with the directory time it was made. */
  dismissals(): { userIds: string[]; at: number }[];
}

export interface GraphStandInControls {
  /** The next `count` requests whose path and query match fail with `fault.status`. */
  failNext(pattern: RegExp | string, fault: FaultSpec): void;
  clearFaults(): void;
  /** Changes the TAP policy; the fields given replace the current ones. */
  setTapPolicy(policy: Partial<TapPolicy>): void;
  setExistingTapBehaviour(behaviour: ExistingTapBehaviour): void;
  /** The person registers a passkey at Security info. */
  addFido2Method(userIdOrUpn: string, method: Fido2Input): Fido2Record;
  setAccountEnabled(userIdOrUpn: string, enabled: boolean): void;
  /** The person signs in with a pass: true when accepted; a one-time pass is then spent. */
  signInWithTap(userIdOrUpn: string, code: string): boolean;
  /** ID Protection detects (or updates) a risk of the user. */
  setUserRisk(userIdOrUpn: string, risk: RiskInput): void;
}

const TapPolicySchema = z
  .object({
    state: z.enum(['enabled', 'disabled']),
    minimumLifetimeInMinutes: z.number().int().min(10).max(43_200),
    maximumLifetimeInMinutes: z.number().int().min(10).max(43_200),
    defaultLifetimeInMinutes: z.number().int().min(10).max(43_200),
    defaultLength: z.number().int().min(8).max(48),
    isUsableOnce: z.boolean(),
    includeGroups: z.array(z.string().min(1)).min(1),
  })
  .refine(
    (p) => p.minimumLifetimeInMinutes <= p.defaultLifetimeInMinutes && p.defaultLifetimeInMinutes <= p.maximumLifetimeInMinutes,
    'minimum ≤ default ≤ maximum lifetime',
  );

export function standInState(tenant: Tenant, taps: TapService, log: RequestLogEntry[]): GraphStandInState {
  const userId = (key: string) => tenant.findUser(key)?.id ?? '';
  return {
    users: () => tenant.users.map((u) => structuredClone(u)),
    user: (key) => structuredClone(tenant.findUser(key)),
    groups: () => tenant.groups.map((g) => structuredClone(g)),
    taps: (key) => {
      const tap = tenant.taps.get(userId(key));
      if (!tap) return [];
      const { isUsable, reason } = taps.usability(tap);
      const { used: _used, ...rest } = tap;
      return [{ ...rest, isUsable, methodUsabilityReason: reason }];
    },
    fido2Methods: (key) => structuredClone(tenant.fido2.get(userId(key)) ?? []),
    revocations: () => tenant.revocations.map((r) => ({ ...r })),
    requests: () => log.map((r) => ({ ...r })),
    tapPolicy: () => structuredClone(taps.policy),
    risk: (key) => structuredClone(tenant.risks.get(userId(key))),
    dismissals: () => tenant.dismissals.map((d) => ({ userIds: [...d.userIds], at: d.at })),
  };
}

export function standInControls(tenant: Tenant, taps: TapService, faults: FaultQueue, now: () => number): GraphStandInControls {
  const user = (key: string): UserRecord => {
    const found = tenant.findUser(key);
    if (!found) throw new Error(`The stand-in has no user "${key}"`);
    return found;
  };
  return {
    failNext: (pattern, fault) => faults.add(pattern, fault),
    clearFaults: () => faults.clear(),
    setTapPolicy: (policy) => {
      taps.policy = TapPolicySchema.parse({ ...taps.policy, ...policy });
    },
    setExistingTapBehaviour: (behaviour) => {
      taps.existing = behaviour;
    },
    addFido2Method: (key, input) => {
      const owner = user(key);
      const method: Fido2Record = {
        id: randomBytes(16).toString('base64url'),
        createdDateTime: new Date(now()).toISOString(),
        ...input,
        // Graph lists the attestation certificates' thumbprints; a made-up one stands in for them.
        attestationCertificates: input.attestationLevel === 'attested' ? [randomBytes(20).toString('hex')] : [],
      };
      tenant.fido2.set(owner.id, [...(tenant.fido2.get(owner.id) ?? []), method]);
      return { ...method };
    },
    setAccountEnabled: (key, enabled) => {
      user(key).accountEnabled = enabled;
    },
    signInWithTap: (key, code) => taps.signIn(user(key), code),
    setUserRisk: (key, risk) => {
      tenant.risks.set(user(key).id, {
        riskLevel: risk.riskLevel,
        riskState: risk.riskState ?? 'atRisk',
        riskDetail: risk.riskDetail ?? 'none',
        riskLastUpdatedDateTime: new Date(now()).toISOString(),
      });
    },
  };
}
