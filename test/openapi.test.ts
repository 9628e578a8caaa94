/**
 * openapi.yaml must describe exactly the routes the express app serves: every (method, path) the
 * app registers is documented, and every documented operation exists. The route table is read
 * from the router stack of `createApp` built with a fake context: route factories only read
 * `ctx.config` (and, for the OpenID Provider, `ctx.oidc.paths`) while the app is being built, so
 * no Redis, S3 or vendor is needed. The app is built twice: with the OpenID Provider off (the
 * default) and on, since its interaction calls exist only then; its protocol endpoints are
 * oidc-provider's own handler (described by discovery, not here), so they are no route of ours.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../src/http/app';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/context';
import { StartResponse, StatusResponse } from '../src/http/routes/recoveries';
import { HelpdeskRecovery } from '../src/http/routes/helpdesk';
import { DirectoryUserSchema } from '../src/stores/directoryStore';
import { PROVIDER_NAME_PATTERN } from '../providers/contract';
import { providerNames } from '../providers/registry';
import { StaffConfigView, StaffMeView } from '../src/http/routes/staff';
import { StaffSessionView } from '../src/http/routes/staffSessionsAdmin';
import { InteractionNext, InteractionViewResponse } from '../src/http/routes/oidc';
import { oidcPaths } from '../src/oidc/paths';

// js-yaml is already installed (through jest); its v3 API has safeLoad, v4 only load.
const jsYaml = require('js-yaml') as { safeLoad?: (s: string) => unknown; load: (s: string) => unknown };

interface OpenApiDoc {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; enum?: unknown[]; pattern?: string }> };
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const HEALTH_PROBES = new Set(['/healthz', '/readyz']);

function loadSpec(): OpenApiDoc {
  const text = readFileSync(path.join(__dirname, '..', 'openapi.yaml'), 'utf8');
  return (jsYaml.safeLoad ?? jsYaml.load)(text) as OpenApiDoc;
}

/** A context whose only real part is the config (and the OP's paths, `oidc`); any other use while building routes throws. */
function fakeContext(oidc = false): AppContext {
  const unused = (name: string, real: Record<string, unknown> = {}) =>
    new Proxy(real, {
      get: (t, prop) => {
        if (prop in t) return t[prop as string];
        throw new Error(`ctx.${name}.${String(prop)} was used while building the app`);
      },
    });
  const config = loadConfig({ ADMIN_API_KEY: 'a'.repeat(32), HELPDESK_API_KEY: 'h'.repeat(32) });
  const ctx = Object.fromEntries(
    ['clock', 'logger', 'recoveries', 'directory', 'links', 'accessPasses', 'evidence', 'queues', 'providers'].map((name) => [name, unused(name)]),
  );
  const op = oidc ? { oidc: unused('oidc', { paths: oidcPaths('') }) } : {};
  return { ...ctx, ...op, config } as unknown as AppContext;
}

// The parts of express 5's router (the `router` package, v2) read here.
interface RouteLike {
  path: unknown;
  methods: Record<string, boolean>;
}
interface LayerLike {
  route?: RouteLike;
  handle?: { stack?: LayerLike[] };
  slash?: boolean;
  name?: string;
}

/** `METHOD /openapi/{path}` for every route in the app, walking nested routers. */
function appOperations(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: LayerLike[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const routePath = layer.route.path;
        if (typeof routePath !== 'string' || /[*?(){}]/.test(routePath)) {
          throw new Error(`route path ${String(routePath)} is not a plain string: teach this test to map it`);
        }
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (!on) continue;
          if (!HTTP_METHODS.has(method)) throw new Error(`route ${routePath} uses router.${method}(): list its methods explicitly`);
          found.push(`${method.toUpperCase()} ${routePath.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        // Mounted at a prefix, a router's routes would need that prefix, which router v2 does not keep.
        if (!layer.slash) throw new Error('a router is mounted at a path prefix: teach this test to add the prefix');
        walk(layer.handle.stack);
      }
      // Anything else is plain middleware, not walked. That includes the queue dashboard under
      // /admin/queues/: bull-board's own app, built on first use behind the admin-key check, a
      // browser UI rather than an API (openapi.yaml documents its sign-in under the Operations tag).
    }
  };
  const router = (app as unknown as { router: { stack: LayerLike[] } }).router;
  walk(router.stack);
  return found.sort();
}

function specOperations(spec: OpenApiDoc): string[] {
  return Object.entries(spec.paths)
    .flatMap(([p, item]) =>
      Object.keys(item)
        .filter((k) => HTTP_METHODS.has(k))
        .map((m) => `${m.toUpperCase()} ${p}`),
    )
    .sort();
}

describe('openapi.yaml', () => {
  const spec = loadSpec();
  const app = createApp(fakeContext());
  const routes = appOperations(app);
  const routesWithOp = appOperations(createApp(fakeContext(true)));

  it('reads a plausible route table from the app', () => {
    expect(routes).toEqual(expect.arrayContaining(['GET /healthz', 'POST /v1/recoveries', 'GET /v1/recoveries/{id}']));
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('documents every route the app serves, with the OpenID Provider off and on', () => {
    const documented = new Set(specOperations(spec));
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    expect(routesWithOp.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('documents no route the app does not serve (with the OpenID Provider on)', () => {
    const served = new Set(routesWithOp);
    expect(specOperations(spec).filter((op) => !served.has(op))).toEqual([]);
  });

  it('the OpenID Provider adds exactly its interaction routes, all tagged as such', () => {
    const added = routesWithOp.filter((r) => !routes.includes(r));
    expect(added).toEqual(expect.arrayContaining(['GET /oidc/interaction/{uid}/details', 'POST /oidc/interaction/{uid}/verification/finish']));
    expect(added.filter((r) => !r.split(' ')[1]?.startsWith('/oidc/interaction/'))).toEqual([]);
    for (const op of added) {
      const [method, p] = op.split(' ') as [string, string];
      const tags = (spec.paths[p]?.[method.toLowerCase()] as { tags?: string[] } | undefined)?.tags;
      expect([op, tags]).toEqual([op, ['OpenID Provider interaction']]);
    }
  });

  it('gives every operation an id, a summary, a description, security and error responses', () => {
    const problems: string[] = [];
    for (const [p, item] of Object.entries(spec.paths)) {
      for (const [method, raw] of Object.entries(item)) {
        if (!HTTP_METHODS.has(method)) continue;
        const op = raw as { operationId?: string; summary?: string; description?: string; security?: unknown; responses?: Record<string, unknown> };
        const where = `${method.toUpperCase()} ${p}`;
        if (!op.operationId || !op.summary || !op.description) problems.push(`${where}: operationId, summary and description are required`);
        if (!Array.isArray(op.security)) problems.push(`${where}: security must be stated (use [] for public operations)`);
        const codes = Object.keys(op.responses ?? {});
        if (!HEALTH_PROBES.has(p) && !codes.some((c) => /^4(\d\d|XX)$/.test(c))) problems.push(`${where}: no 4XX response`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names the same response fields and enums as the zod schemas', () => {
    const schemas = spec.components.schemas;
    const props = (name: string) => Object.keys(schemas[name]?.properties ?? {}).sort();
    expect(props('StartedRecovery')).toEqual(Object.keys(StartResponse.shape).sort());
    expect(props('RecoveryStatusView')).toEqual(Object.keys(StatusResponse.shape).sort());
    expect(props('HelpdeskRecovery')).toEqual(Object.keys(HelpdeskRecovery.shape).sort());
    expect(props('DirectoryUser')).toEqual(Object.keys(DirectoryUserSchema.shape).sort());
    expect(props('DirectoryUserCreate')).toEqual(Object.keys(DirectoryUserSchema.shape).sort());
    expect(props('DirectoryUserUpdate')).toEqual(
      Object.keys(DirectoryUserSchema.shape)
        .filter((k) => k !== 'username')
        .sort(),
    );
    expect(props('StaffConfig')).toEqual(Object.keys(StaffConfigView.shape).sort());
    expect(props('StaffMe')).toEqual(Object.keys(StaffMeView.shape).sort());
    expect(props('StaffSession')).toEqual(Object.keys(StaffSessionView.shape).sort());
    expect(props('OidcInteraction')).toEqual(Object.keys(InteractionViewResponse.shape).sort());
    expect(props('OidcInteractionNext')).toEqual(Object.keys(InteractionNext.shape).sort());
    expect(schemas.RecoveryStatus?.enum).toEqual(StatusResponse.shape.status.options);
    // Vendors are not listed (adding one must not change this document): the pattern is the code's, and admits every registered name.
    expect(schemas.ProviderName?.enum).toBeUndefined();
    expect(schemas.ProviderName?.pattern).toBe(PROVIDER_NAME_PATTERN.source);
    const pattern = new RegExp(String(schemas.ProviderName?.pattern));
    expect(providerNames.filter((name) => !pattern.test(name))).toEqual([]);
  });
});
