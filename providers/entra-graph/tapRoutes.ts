/**
 * Temporary Access Pass methods of a user, and the tenant's TAP policy.
 * https://learn.microsoft.com/en-us/graph/api/resources/temporaryaccesspassauthenticationmethod
 * https://learn.microsoft.com/en-us/graph/api/resources/temporaryaccesspassauthenticationmethodconfiguration
 */
import express, { type Request, type Router } from 'express';
import { graphBase, userParam, type GraphContext } from './graphContext';
import { GraphProblem, sendGraph } from './graphResponse';
import type { UserRecord } from './tenant';

const METHODS = '/users/:user/authentication/temporaryAccessPassMethods';

export function tapRoutes(ctx: GraphContext): Router {
  const router = express.Router();
  const context = (req: Request, user: UserRecord, entity: boolean) =>
    `${graphBase(req)}/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods${entity ? '/$entity' : ''}`;
  const tapOf = (req: Request, user: UserRecord) => {
    const tap = ctx.tenant.taps.get(user.id);
    if (!tap || tap.id !== req.params.tap) throw new GraphProblem(404, 'itemNotFound', 'The requested authentication method was not found.');
    return tap;
  };

  router.post(METHODS, express.json(), (req, res) => {
    const user = userParam(ctx, req);
    const tap = ctx.taps.create(user, req.body);
    res.set('Location', `${graphBase(req)}/users/${user.id}/authentication/temporaryAccessPassMethods/${tap.id}`);
    sendGraph(res, 201, { '@odata.context': context(req, user, true), ...ctx.taps.view(tap, true) });
  });

  router.get(METHODS, (req, res) => {
    const user = userParam(ctx, req);
    const tap = ctx.tenant.taps.get(user.id);
    sendGraph(res, 200, { '@odata.context': context(req, user, false), value: tap ? [ctx.taps.view(tap, false)] : [] });
  });

  router.get(`${METHODS}/:tap`, (req, res) => {
    const user = userParam(ctx, req);
    sendGraph(res, 200, { '@odata.context': context(req, user, true), ...ctx.taps.view(tapOf(req, user), false) });
  });

  router.delete(`${METHODS}/:tap`, (req, res) => {
    const user = userParam(ctx, req);
    tapOf(req, user);
    ctx.tenant.taps.delete(user.id);
    res.status(204).end();
  });

  router.get('/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass', (req, res) => {
    const { includeGroups, ...policy } = ctx.taps.policy;
    const groupId = (entry: string) => ctx.tenant.groups.find((g) => g.displayName === entry)?.id ?? entry;
    sendGraph(res, 200, {
      '@odata.context': `${graphBase(req)}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity`,
      '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
      id: 'TemporaryAccessPass',
      ...policy,
      includeTargets: includeGroups.map((entry) => ({ targetType: 'group', id: groupId(entry), isRegistrationRequired: false })),
      excludeTargets: [],
    });
  });
  return router;
}
