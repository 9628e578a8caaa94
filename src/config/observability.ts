/**
 * The operator's view: metrics scraping, worker liveness and the queue dashboard.
 * Every variable is listed with its default in `.env.example`.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ObservabilityEnv = z.object({
  /**
   * Bearer token Prometheus presents to `GET /metrics`. A separate token, so the scraper's config
   * (often kept in a shared monitoring repository) never holds the admin key, which can change the
   * directory. The admin key is accepted too. Unset and no admin key: `/metrics` answers 401.
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** How often a worker process writes its heartbeat; the key lives three intervals. */
  WORKER_HEARTBEAT_INTERVAL_MS: int(200, 60_000).default(5000),
  /** `/readyz` answers 503 when no worker heartbeat is recent. `false` for an API that must stay in rotation without workers. */
  READYZ_REQUIRE_WORKERS: bool.default(true),
  /** Worker-only processes have no HTTP API: serve their `/metrics` on this port (unset: none). */
  WORKER_METRICS_PORT: int(0, 65_535).optional(),
  /** The queue dashboard shows jobs but cannot retry, promote or delete them unless this is `false`. */
  QUEUE_DASHBOARD_READ_ONLY: bool.default(true),
  /** Lifetime of the dashboard's browser session cookie (set by its login form), in minutes. */
  QUEUE_DASHBOARD_SESSION_MINUTES: int(1, 24 * 60).default(15),
});
