/**
 * A user's groups, nested memberships included. The cast segment `/microsoft.graph.group` is an
 * advanced query (it needs `ConsistencyLevel: eventual` and `$count=true`); without the cast the
 * collection is typed directory objects, each with its `@odata.type`.
 * https://learn.microsoft.com/en-us/graph/api/user-list-transitivememberof
 */
import express, { type Router } from 'express';
import type { Group } from '@microsoft/microsoft-graph-types';
import { graphBase, userParam, type GraphContext } from './graphContext';
import { GraphProblem, sendGraph } from './graphResponse';
import { parseSelect, requireAdvancedQuery } from './odataQuery';
import type { GroupRecord } from './tenant';

const GROUP_DEFAULT = ['id', 'displayName', 'description', 'mail', 'mailEnabled', 'securityEnabled', 'groupTypes'];

function groupJson(group: GroupRecord): Record<string, unknown> {
  const full: Group = {
    id: group.id,
    displayName: group.displayName,
    description: null,
    mail: null,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
  };
  return { ...full };
}

function selectGroup(select: string[] | null): string[] {
  if (select === null) return GROUP_DEFAULT;
  return select.map((name) => {
    const found = GROUP_DEFAULT.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!found) throw new GraphProblem(400, 'Request_BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.group'.`);
    return found;
  });
}

export function groupRoutes(ctx: GraphContext): Router {
  const router = express.Router();
  const list =
    (cast: boolean): express.RequestHandler =>
    (req, res) => {
      const user = userParam(ctx, req);
      if (cast) requireAdvancedQuery(req, "The OData cast segment 'microsoft.graph.group'");
      const select = parseSelect(req);
      const properties = selectGroup(select);
      const page = ctx.pager.page(req, ctx.tenant.transitiveGroups(user));
      const shape = cast ? `groups${select === null ? '' : `(${properties.join(',')})`}` : 'directoryObjects';
      sendGraph(res, 200, {
        '@odata.context': `${graphBase(req)}/$metadata#${shape}`,
        ...(page.count === undefined ? {} : { '@odata.count': page.count }),
        value: page.value.map((g) => {
          const json = groupJson(g);
          const projected = Object.fromEntries(properties.map((p) => [p, json[p] ?? null]));
          return cast ? projected : { '@odata.type': '#microsoft.graph.group', ...projected };
        }),
        ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
      });
    };
  router.get('/users/:user/transitiveMemberOf/microsoft.graph.group', list(true));
  router.get('/users/:user/transitiveMemberOf', list(false));
  return router;
}
