import express, { type Express } from 'express';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { problemHandler } from './problem';
import { recoveryRoutes } from './routes/recoveries';
import { helpdeskRoutes } from './routes/helpdesk';
import { adminRoutes } from './routes/admin';
import { webhookRoutes } from './routes/webhooks';
import { healthRoutes } from './routes/health';

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(healthRoutes(ctx));
  // Webhooks need the raw bytes, so they are mounted before the JSON parser.
  app.use(webhookRoutes(ctx));
  app.use(express.json({ limit: ctx.config.JSON_BODY_LIMIT_BYTES, strict: true, type: 'application/json' }));
  app.use(recoveryRoutes(ctx));
  app.use(helpdeskRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use((_req, _res, next) => next(errors.notFound()));
  app.use(problemHandler(ctx.logger, ctx.config.EVIDENCE_MAX_BYTES));
  return app;
}
