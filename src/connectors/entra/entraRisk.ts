/**
 * Entra ID Protection's risk verdict on an account, through Microsoft Graph v1.0 (Entra ID P2;
 * application permission IdentityRiskyUser.ReadWrite.All, which includes reading):
 * - read: `GET /identityProtection/riskyUsers/{user object id}`; a user without risk history is
 *   answered 404, read as "no record";
 * - dismiss: `POST /identityProtection/riskyUsers/dismiss` with `{"userIds": [...]}`, answered 204;
 *   Entra then shows the user with risk level `none` and state `dismissed`.
 * ID Protection is throttled at one request per second per tenant, with 429s that carry no
 * Retry-After: they arrive as DirectoryUnavailableError without a hint, and the caller's durable
 * job backs off on its own. https://learn.microsoft.com/en-us/graph/api/resources/riskyuser
 * https://learn.microsoft.com/en-us/graph/api/riskyuser-dismiss
 */
import { DirectoryConfigError, DirectoryUnavailableError } from '../directory';
import type { IdpRiskLevel, IdpRiskReading, IdpRiskSource, IdpRiskState } from '../idpRisk';
import type { GraphClient } from './graphClient';
import { GraphError } from './graphError';
import type { RiskyUserRecord } from './graphSchemas';

/** With DIRECTORY=entra the account's id is its Entra object id, which is also the riskyUser's id. */
export function createEntraRisk(graph: GraphClient): IdpRiskSource {
  return {
    provider: 'entra',
    read: (account) =>
      atGraph("read the account's risk", async () => {
        const record = await graph.getRiskyUser(account.id);
        return record ? readingOf(record) : null;
      }),
    dismiss: (account) =>
      atGraph("dismiss the account's risk", async () => {
        await graph.dismissRiskyUsers([account.id]).catch((error: unknown) => {
          if (error instanceof GraphError && error.status === 404) return; // no record: nothing to dismiss
          throw error;
        });
      }),
  };
}

function readingOf(record: RiskyUserRecord): IdpRiskReading {
  const level = record.riskLevel ?? 'none';
  const state = record.riskState ?? 'none';
  return {
    level: (level === 'unknownFutureValue' ? 'unknown' : level) satisfies IdpRiskLevel,
    state: (state === 'unknownFutureValue' ? 'unknown' : state) satisfies IdpRiskState,
    detail: record.riskDetail ?? null,
    updatedAt: record.riskLastUpdatedDateTime ?? null,
  };
}

/** Transient Graph failures mean "cannot say now"; refusals (401, 403: no licence or permission) are deployment errors. */
async function atGraph<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    const ref = error.requestId ? ` (request-id ${error.requestId})` : '';
    if (error.transient) throw new DirectoryUnavailableError(`Entra ID could not ${what}: ${error.message}${ref}`, error.retryAfterMs, { cause: error });
    throw new DirectoryConfigError(`Entra ID refused to ${what}: ${error.status} ${error.code}: ${error.message}${ref}`, { cause: error });
  }
}
