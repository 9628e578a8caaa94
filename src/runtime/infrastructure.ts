/**
 * Resolves Redis and S3: the configured ones, or embedded children when REDIS_URL / S3_ENDPOINT are
 * unset (a private redis-server on a free port, an s3rver), gone when this process exits.
 */
import type { AppConfig } from '../config';
import { decodeEvidenceKey, ConfigError } from '../config';
import { randomBytes } from 'node:crypto';
import { startRedisChild } from '../embedded/redisChild';
import { startS3rverChild } from '../embedded/s3rverChild';
import type { Infrastructure } from './createContext';

export interface ResolvedInfrastructure extends Infrastructure {
  embedded: { redis: boolean; s3: boolean; evidenceKey: boolean };
  stop(): Promise<void>;
}

export async function resolveInfrastructure(config: AppConfig, mode: 'all-in-one' | 'api' | 'worker'): Promise<ResolvedInfrastructure> {
  const stops: Array<() => Promise<void>> = [];
  if (mode !== 'all-in-one') requireShared(config);
  let redisUrl = config.REDIS_URL;
  if (!redisUrl) {
    const child = await startRedisChild();
    stops.push(() => child.stop());
    redisUrl = child.url;
  }
  let endpoint = config.S3_ENDPOINT;
  let credentials = { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY };
  if (!endpoint) {
    const child = await startS3rverChild(config.S3_BUCKET);
    stops.push(() => child.stop());
    endpoint = child.endpoint;
    credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  }
  // An ephemeral key is only safe when one process both writes and reads the evidence.
  const evidenceKey = config.EVIDENCE_KEY ? decodeEvidenceKey(config.EVIDENCE_KEY) : randomBytes(32);
  return {
    redisUrl,
    s3: {
      endpoint,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      keyPrefix: config.S3_KEY_PREFIX,
      ...credentials,
    },
    evidenceKey,
    embedded: { redis: !config.REDIS_URL, s3: !config.S3_ENDPOINT, evidenceKey: !config.EVIDENCE_KEY },
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}

/** Separate API and worker processes must share Redis, S3 and the evidence key. */
function requireShared(config: AppConfig): void {
  const missing = (['REDIS_URL', 'S3_ENDPOINT', 'EVIDENCE_KEY'] as const).filter((k) => !config[k]);
  if (missing.length > 0) {
    throw new ConfigError(`separate API/worker processes need shared settings; missing: ${missing.join(', ')}`);
  }
}
