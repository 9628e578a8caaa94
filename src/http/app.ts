import express, { type Express } from 'express';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { problemHandler } from './problem';
import { recoveryRoutes } from './routes/recoveries';
import { helpdeskRoutes } from './routes/helpdesk';
import { adminRoutes } from './routes/admin';
import { webhookRoutes } from './routes/webhooks';
import { healthRoutes } from './routes/health';
import { securityHeaders, trustProxySetting } from './securityHeaders';
import { bodyLimit } from './bodyLimit';
import { mountUnder } from './mountUnder';
import { apiKeyAdminRoutes } from './routes/apiKeyAdmin';
import { DASHBOARD_PATH } from '../observability/dashboardSession';
import { auditRoutes } from './routes/audit';
import { reportRoutes } from './routes/reports';
import { outboxRoutes } from './routes/outbox';
import { lockoutRoutes } from './routes/lockouts';
import { riskyUserRoutes } from './routes/riskyUsers';
import { reviewRoutes } from './routes/review';
import { repudiateRoutes } from './routes/repudiate';
import { metricsRoutes } from './routes/metrics';
import { queueDashboardRoutes } from './routes/queueDashboard';
import { requestScope } from '../observability/requestScope';
import { enrollmentRoutes } from './routes/enrollments';
import { passkeyProfileRoutes } from './routes/passkeyProfiles';
import { recoveryProfileRoutes } from './routes/recoveryProfiles';
import { eventRoutes } from './routes/events';
import { webRoutes } from './routes/web';
import { staffRoutes } from './routes/staff';
import { staffSessionAdminRoutes } from './routes/staffSessionsAdmin';
import { oidcRoutes } from './routes/oidc';
import { oidcAdminRoutes } from './routes/oidcAdmin';

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Per-IP rate limits need the client's address, not a proxy's (TRUST_PROXY; default: the socket).
  app.set('trust proxy', trustProxySetting(ctx.config.TRUST_PROXY));
  // First, so that every request, even one refused below, has an id, a log line and a timing.
  app.use(requestScope(ctx));
  // helmet, strict CORS and the CSRF guard, before any route.
  app.use(securityHeaders(ctx.config));
  // Each router only sees the paths it serves (mountUnder.ts); order still matters where noted.
  app.use(mountUnder(['/healthz', '/readyz'], healthRoutes(ctx)));
  app.use(mountUnder(['/metrics'], metricsRoutes(ctx)));
  app.use(mountUnder([DASHBOARD_PATH], queueDashboardRoutes(ctx)));
  // Webhooks need the raw bytes, so they are mounted before the JSON parser.
  app.use(mountUnder(['/v1/webhooks'], webhookRoutes(ctx)));
  // The OpenID Provider (off unless OIDC_PROVIDER_ENABLED): oidc-provider parses its own form bodies.
  app.use(oidcRoutes(ctx));
  // Before the parser: it would read off an oversized body whole before refusing it.
  app.use(bodyLimit(ctx.config.JSON_BODY_LIMIT_BYTES, 'application/json'));
  app.use(express.json({ limit: ctx.config.JSON_BODY_LIMIT_BYTES, strict: true, type: 'application/json' }));
  app.use(mountUnder(['/v1/recoveries'], recoveryRoutes(ctx)));
  app.use(mountUnder(['/v1/helpdesk'], helpdeskRoutes(ctx)));
  app.use(mountUnder(['/v1/admin'], adminRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/audit'], auditRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/reports'], reportRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/outbox'], outboxRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/lockouts'], lockoutRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/risky-users'], riskyUserRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/api-keys'], apiKeyAdminRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/staff-sessions'], staffSessionAdminRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/oidc'], oidcAdminRoutes(ctx)));
  app.use(mountUnder(['/staff', '/v1/staff'], staffRoutes(ctx)));
  app.use(mountUnder(['/v1/review'], reviewRoutes(ctx)));
  app.use(mountUnder(['/repudiate'], repudiateRoutes(ctx)));
  app.use(mountUnder(['/v1/enrollments'], enrollmentRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/passkey-profiles'], passkeyProfileRoutes(ctx)));
  app.use(mountUnder(['/v1/admin/recovery-profiles'], recoveryProfileRoutes(ctx)));
  app.use(mountUnder(['/v1/recoveries', '/v1/helpdesk/events'], eventRoutes(ctx)));
  // The web journey's pages and scripts (GET only), after every API route.
  app.use(webRoutes(ctx));
  app.use((_req, _res, next) => next(errors.notFound()));
  app.use(problemHandler(ctx.logger, ctx.config.EVIDENCE_MAX_BYTES));
  return app;
}
