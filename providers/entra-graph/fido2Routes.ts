/**
 * A user's passkeys (FIDO2 methods): list (no query options, no paging) and delete. Methods are
 * added by `controls.addFido2Method`, standing in for the person registering at Security info.
 * https://learn.microsoft.com/en-us/graph/api/resources/fido2authenticationmethod
 */
import express, { type Router } from 'express';
import type { Fido2AuthenticationMethod } from '@microsoft/microsoft-graph-types';
import { graphBase, userParam, type GraphContext } from './graphContext';
import { GraphProblem, sendGraph } from './graphResponse';
import type { Fido2Record } from './tenant';

const METHODS = '/users/:user/authentication/fido2Methods';

export function fido2Json(method: Fido2Record): Fido2AuthenticationMethod & { '@odata.type': string } {
  return { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', ...method };
}

export function fido2Routes(ctx: GraphContext): Router {
  const router = express.Router();
  const methodsOf = (userId: string) => ctx.tenant.fido2.get(userId) ?? [];

  router.get(METHODS, (req, res) => {
    const user = userParam(ctx, req);
    sendGraph(res, 200, {
      '@odata.context': `${graphBase(req)}/$metadata#users('${user.id}')/authentication/fido2Methods`,
      value: methodsOf(user.id).map(fido2Json),
    });
  });

  router.get(`${METHODS}/:method`, (req, res) => {
    const user = userParam(ctx, req);
    const method = methodsOf(user.id).find((m) => m.id === req.params.method);
    if (!method) throw new GraphProblem(404, 'itemNotFound', 'The requested authentication method was not found.');
    sendGraph(res, 200, { '@odata.context': `${graphBase(req)}/$metadata#users('${user.id}')/authentication/fido2Methods/$entity`, ...fido2Json(method) });
  });

  router.delete(`${METHODS}/:method`, (req, res) => {
    const user = userParam(ctx, req);
    const methods = methodsOf(user.id);
    if (!methods.some((m) => m.id === req.params.method)) throw new GraphProblem(404, 'itemNotFound', 'The requested authentication method was not found.');
    ctx.tenant.fido2.set(
      user.id,
      methods.filter((m) => m.id !== req.params.method),
    );
    res.status(204).end();
  });
  return router;
}
