/**
 * The `entra` credential target: the access pass is a Microsoft Entra Temporary Access Pass created
 * through Microsoft Graph, the person registers a passkey at Entra's Security info page (under
 * Entra's own passkey profiles, not the service's), and completion is read back from the account's
 * `fido2Methods`. Graph: https://learn.microsoft.com/en-us/graph/api/authentication-post-temporaryaccesspassmethods
 *
 * One pass per account, whatever Graph does with a second create: Microsoft's v1.0 reference says
 * a new pass replaces a valid one, while integrations report that Graph refuses it (sources in
 * docs/connectors.md). Listing and deleting before creating is right under both, and makes a
 * retried issue leave exactly one pass.
 */
import type { Clock } from '../../clock';
import { CredentialConfigError, CredentialRefusedError, CredentialUnavailableError, type CredentialTarget, type IssuedCredential } from '../credentials';
import type { DirectoryAccount } from '../directory';
import { GraphError } from './graphError';
import type { GraphClient } from './graphClient';
import { odataString } from './odataString';

export interface EntraCredentialsOptions {
  graph: GraphClient;
  enrollmentUrl: string;
  clock: Clock;
  /**
   * Accounts come from Entra itself (DIRECTORY=entra): their id is the Entra object id. Otherwise
   * (accounts in Active Directory, sign-in at Entra) the Entra user is found by UPN or by its
   * synchronised `onPremisesSamAccountName`.
   */
  accountsFromEntra: boolean;
  /** The pass settings (TAP_LIFETIME_MINUTES, TAP_ONE_TIME_USE), checked against the tenant's TAP policy at start-up. */
  passSettings: { lifetimeMinutes: number; oneTimeUse: boolean };
}

export function createEntraCredentials(o: EntraCredentialsOptions): CredentialTarget {
  const userIdOf = async (account: DirectoryAccount): Promise<string> => {
    if (o.accountsFromEntra) return account.id;
    const users = account.username.includes('@')
      ? [await o.graph.getUser(account.username, ['id'])].filter((u) => u !== null)
      : await o.graph.findUsers(`onPremisesSamAccountName eq ${odataString(account.username)}`, ['id'], { advanced: true });
    const [user, second] = users;
    if (!user || second) throw new CredentialRefusedError('credential_policy_blocked', `no single Entra user for ${account.username}`);
    return user.id;
  };
  const atGraph = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw classify(what, err);
    }
  };

  return {
    kind: 'entra',
    enrollmentUrl: o.enrollmentUrl,
    async issue(account, request) {
      if (account.disabled) throw new CredentialRefusedError('account_disabled', 'the account is disabled');
      return atGraph('issue a Temporary Access Pass', async () => {
        const userId = await userIdOf(account);
        for (const tap of await o.graph.listTaps(userId)) await o.graph.deleteTap(userId, tap.id);
        const tap = await o.graph.createTap(userId, { lifetimeInMinutes: request.lifetimeMinutes, isUsableOnce: request.oneTimeUse });
        if (!tap.temporaryAccessPass) throw new GraphError({ status: 502, code: 'invalid_response', message: 'Graph created a pass but did not return it' });
        return issued(tap.temporaryAccessPass, tap, request, o.clock.now());
      });
    },
    async withdraw(account, methodId) {
      await atGraph('withdraw the pass', async () => {
        await o.graph.deleteTap(await userIdOf(account), methodId);
      });
    },
    async enrollment(account, since) {
      return atGraph('read passkeys', async () => {
        const methods = await o.graph.listFido2Methods(await userIdOf(account));
        const fresh = methods.find((m) => timeOf(m.createdDateTime) >= since);
        return { passkeyId: fresh?.id ?? null };
      });
    },
    async hygiene(account, options) {
      return atGraph('revoke sessions and earlier passkeys', async () => {
        const userId = await userIdOf(account);
        const sessionsRevoked = await o.graph.revokeSignInSessions(userId);
        const removed: string[] = [];
        if (options.removeOlderThan !== null) {
          for (const m of await o.graph.listFido2Methods(userId)) {
            if (m.id === options.keepPasskeyId || timeOf(m.createdDateTime) >= options.removeOlderThan) continue;
            await o.graph.deleteFido2Method(userId, m.id);
            removed.push(m.id);
          }
        }
        return { sessionsRevoked, passkeysRemoved: removed };
      });
    },
    async undo(account, outcome) {
      return atGraph('undo the recovery', async () => {
        const userId = await userIdOf(account);
        const accessPassWithdrawn = outcome.methodId ? await o.graph.deleteTap(userId, outcome.methodId) : false;
        const removed = outcome.passkeyId && (await o.graph.deleteFido2Method(userId, outcome.passkeyId)) ? [outcome.passkeyId] : [];
        return { accessPassWithdrawn, passkeysRemoved: removed, sessionsRevoked: await o.graph.revokeSignInSessions(userId) };
      });
    },
    async check() {
      await checkAtGraph(o);
    },
  };
}

function issued(
  code: string,
  tap: { id: string; createdDateTime?: string | null; startDateTime?: string | null; lifetimeInMinutes?: number | null; isUsableOnce?: boolean | null },
  request: { lifetimeMinutes: number; oneTimeUse: boolean },
  now: number,
): IssuedCredential {
  const createdAt = timeOf(tap.createdDateTime, now);
  const startsAt = timeOf(tap.startDateTime, createdAt);
  return {
    code,
    methodId: tap.id,
    createdAt,
    expiresAt: startsAt + (tap.lifetimeInMinutes ?? request.lifetimeMinutes) * 60_000,
    oneTimeUse: tap.isUsableOnce ?? request.oneTimeUse,
  };
}

function timeOf(value: string | null | undefined, fallback = 0): number {
  const t = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(t) ? t : fallback;
}

/**
 * Graph's answers for the person's recovery: throttling, outages and the service's own credential
 * trouble mean "later" (a deployment mistake must not decline the person); a refusal of this
 * account (outside the TAP policy, a guest, a disabled account) is final.
 */
function classify(what: string, err: unknown): Error {
  if (err instanceof CredentialRefusedError || err instanceof CredentialUnavailableError) return err;
  if (!(err instanceof GraphError)) return new CredentialUnavailableError(`Graph: could not ${what}: ${String(err)}`, undefined, { cause: err });
  const detail = `Graph: could not ${what}: ${err.status} ${err.code}: ${err.message}`;
  if (err.transient || err.status === 401 || err.status === 403 || err.code === 'token_refused') {
    return new CredentialUnavailableError(detail, err.retryAfterMs, { cause: err });
  }
  if (/disabled/i.test(err.message) && !/policy/i.test(err.message)) return new CredentialRefusedError('account_disabled', detail, { cause: err });
  return new CredentialRefusedError('credential_policy_blocked', detail, { cause: err });
}

/**
 * The app's token and `User.Read.All` (one page of users), then the tenant's TAP policy against the
 * pass settings: a lifetime outside the policy's bounds, or a multi-use pass where the policy
 * allows one-time passes only, would be refused for every recovery. Reading the policy needs
 * `Policy.Read.AuthenticationMethod`; without it the policy is not checked here.
 */
async function checkAtGraph(o: EntraCredentialsOptions): Promise<void> {
  try {
    await o.graph.probe();
  } catch (err) {
    if (err instanceof GraphError && !err.transient)
      throw new CredentialConfigError(`Graph refused the service: ${err.status} ${err.code}: ${err.message}`, { cause: err });
    throw new CredentialUnavailableError(`Graph not reachable: ${String(err)}`, undefined, { cause: err });
  }
  const policy = await o.graph.getTapPolicy().catch((err: unknown) => {
    if (err instanceof GraphError && (err.status === 403 || err.status === 401)) return null;
    throw new CredentialUnavailableError(`Graph: could not read the TAP policy: ${String(err)}`, undefined, { cause: err });
  });
  if (!policy) return;
  const { lifetimeMinutes, oneTimeUse } = o.passSettings;
  const min = policy.minimumLifetimeInMinutes ?? 60;
  const max = policy.maximumLifetimeInMinutes ?? 480;
  const problems = [
    ...(policy.state === 'disabled' ? ['the Temporary Access Pass method is disabled in the tenant'] : []),
    ...(lifetimeMinutes < min || lifetimeMinutes > max
      ? [`TAP_LIFETIME_MINUTES=${lifetimeMinutes} is outside the tenant's TAP policy (${min}..${max} minutes)`]
      : []),
    ...(policy.isUsableOnce && !oneTimeUse ? ["TAP_ONE_TIME_USE=false but the tenant's TAP policy allows one-time passes only"] : []),
  ];
  if (problems.length > 0) throw new CredentialConfigError(problems.join('; '));
}
