/** What every Graph route of the stand-in shares: the directory, its clock, paging and views. */
import type { Request } from 'express';
import { GraphProblem } from './graphResponse';
import type { Pager } from './odataQuery';
import type { TapService } from './taps';
import type { Tenant, UserRecord } from './tenant';
import type { UserView } from './userView';

export interface GraphContext {
  tenant: Tenant;
  view: UserView;
  pager: Pager;
  taps: TapService;
  now: () => number;
}

/** `https://localhost:<port>/v1.0`, as the caller addressed it: the base of `@odata.context` and nextLinks. */
export function graphBase(req: Request): string {
  return `https://${req.get('host') ?? 'localhost'}/v1.0`;
}

/** The user named by the `:user` path segment (object id or UPN), or Graph's 404. */
export function userParam(ctx: GraphContext, req: Request): UserRecord {
  const key = String(req.params.user);
  const user = ctx.tenant.findUser(key);
  if (!user)
    throw new GraphProblem(
      404,
      'Request_ResourceNotFound',
      `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return user;
}
