/**
 * Users: get one by object id or UPN, list with `$filter` / `$select` / `$top`, and the
 * `onPremisesSamAccountName` filter that works only as an advanced query.
 * https://learn.microsoft.com/en-us/graph/api/user-get
 * https://learn.microsoft.com/en-us/graph/api/user-list
 */
import express, { type Request, type Router } from 'express';
import { filterProperties, matches, parseFilter, type FilterNode } from './filter';
import { graphBase, userParam, type GraphContext } from './graphContext';
import { GraphProblem, sendGraph } from './graphResponse';
import { isAdvancedQuery, parseSelect, queryParam } from './odataQuery';
import type { UserRecord } from './tenant';
import { ADVANCED_FILTERABLE, FILTERABLE, usersContext } from './userView';

const canonical = (name: string, among: string[]): string | undefined => among.find((p) => p.toLowerCase() === name.toLowerCase());

function unsupported(property: string): GraphProblem {
  return new GraphProblem(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${property}' of resource 'User'.`,
  );
}

/** The parsed filter, after checking every property may be filtered on in this kind of query. */
function userFilter(req: Request): FilterNode | null {
  const raw = queryParam(req, '$filter');
  if (raw === undefined) return null;
  const tree = parseFilter(raw);
  for (const property of filterProperties(tree)) {
    if (canonical(property, FILTERABLE)) continue;
    if (!canonical(property, ADVANCED_FILTERABLE) || !isAdvancedQuery(req)) throw unsupported(property);
  }
  return tree;
}

export function userRoutes(ctx: GraphContext): Router {
  const router = express.Router();
  const read = (user: UserRecord) => {
    const all = ctx.view.all(user);
    return (property: string) => all[canonical(property, Object.keys(all)) ?? property];
  };

  router.get('/users', (req, res) => {
    const select = parseSelect(req);
    const properties = ctx.view.resolveSelect(select);
    const filter = userFilter(req);
    const found = ctx.tenant.users.filter((u) => filter === null || matches(filter, read(u)));
    const page = ctx.pager.page(req, found);
    sendGraph(res, 200, {
      '@odata.context': usersContext(graphBase(req), select, false),
      ...(page.count === undefined ? {} : { '@odata.count': page.count }),
      value: page.value.map((u) => ctx.view.project(u, properties)),
      ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
    });
  });

  router.get('/users/:user', (req, res) => {
    const user = userParam(ctx, req);
    const select = parseSelect(req);
    const body = ctx.view.project(user, ctx.view.resolveSelect(select));
    sendGraph(res, 200, { '@odata.context': usersContext(graphBase(req), select, true), ...body });
  });

  // A documented known issue: the action answers 200 with a boolean, where 204 was intended.
  // https://learn.microsoft.com/en-us/graph/api/user-revokesigninsessions
  router.post('/users/:user/revokeSignInSessions', (req, res) => {
    const user = userParam(ctx, req);
    const at = ctx.now();
    user.signInSessionsValidFromDateTime = new Date(at).toISOString();
    ctx.tenant.revocations.push({ userId: user.id, at });
    sendGraph(res, 200, { '@odata.context': `${graphBase(req)}/$metadata#Edm.Boolean`, value: true });
  });
  return router;
}
