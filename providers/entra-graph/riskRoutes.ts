/**
 * Entra ID Protection's risky users (Entra ID P2): list, get one by user object id, and dismiss.
 * - `GET /identityProtection/riskyUsers/{id}` answers the bare riskyUser; a user with no risk
 *   history has no record, and is answered 404 (what tenants report; Microsoft does not document it).
 * - `POST /identityProtection/riskyUsers/dismiss` with `{"userIds": [...]}` answers 204 No Content;
 *   each user's risk becomes level `none`, state `dismissed`, detail `adminDismissedAllRiskForUser`.
 *   Ids without a record are ignored.
 * Risks are set by `controls.setUserRisk`, standing in for ID Protection's detections. Its 1 rps
 * throttle (429 without Retry-After) is served on demand with `controls.failNext`.
 * https://learn.microsoft.com/en-us/graph/api/resources/riskyuser
 * https://learn.microsoft.com/en-us/graph/api/riskyuser-get
 * https://learn.microsoft.com/en-us/graph/api/riskyuser-dismiss
 */
import express, { type Request, type Router } from 'express';
import type { RiskyUser } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import { graphBase, type GraphContext } from './graphContext';
import { GraphProblem, sendGraph } from './graphResponse';
import type { UserRecord } from './tenant';

const BASE = '/identityProtection/riskyUsers';
const DismissBody = z.object({ userIds: z.array(z.string().min(1)).min(1) });

export function riskRoutes(ctx: GraphContext): Router {
  const router = express.Router();
  const json = (user: UserRecord): RiskyUser | null => {
    const risk = ctx.tenant.risks.get(user.id);
    if (!risk) return null;
    return {
      id: user.id,
      isDeleted: false,
      isProcessing: false,
      ...risk,
      userDisplayName: user.displayName,
      userPrincipalName: user.userPrincipalName,
    };
  };
  const context = (req: Request, entity: boolean) => `${graphBase(req)}/$metadata#identityProtection/riskyUsers${entity ? '/$entity' : ''}`;

  router.get(BASE, (req, res) => {
    const all = ctx.tenant.users.map(json).filter((r): r is RiskyUser => r !== null);
    const page = ctx.pager.page(req, all);
    sendGraph(res, 200, {
      '@odata.context': context(req, false),
      value: page.value,
      ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
    });
  });

  router.post(`${BASE}/dismiss`, express.json(), (req, res) => {
    const body = DismissBody.safeParse(req.body);
    if (!body.success) throw new GraphProblem(400, 'BadRequest', 'The request body must name the users to dismiss in "userIds".');
    const at = ctx.now();
    for (const id of body.data.userIds) {
      const risk = ctx.tenant.risks.get(id);
      if (!risk) continue;
      ctx.tenant.risks.set(id, {
        riskLevel: 'none',
        riskState: 'dismissed',
        riskDetail: 'adminDismissedAllRiskForUser',
        riskLastUpdatedDateTime: new Date(at).toISOString(),
      });
    }
    ctx.tenant.dismissals.push({ userIds: [...body.data.userIds], at });
    res.status(204).end();
  });

  router.get(`${BASE}/:id`, (req, res) => {
    const user = ctx.tenant.users.find((u) => u.id === req.params.id);
    const body = user ? json(user) : null;
    if (!body)
      throw new GraphProblem(
        404,
        'Request_ResourceNotFound',
        `Resource '${req.params.id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    sendGraph(res, 200, { '@odata.context': context(req, true), ...body });
  });
  return router;
}
