/**
 * The Graph client of DIRECTORY=entra and CREDENTIALS=entra, from the ENTRA_* variables
 * (docs/connectors.md). Missing or unreadable settings stop the start with what is missing.
 */
import { accessSync, constants } from 'node:fs';
import { ConfigError, type AppConfig } from '../../config';
import { createEntraCredential } from './credential';
import { createGraphClient, type GraphClient } from './graphClient';

export function graphFromConfig(config: AppConfig): GraphClient {
  const missing = (['ENTRA_TENANT_ID', 'ENTRA_CLIENT_ID'] as const).filter((k) => !config[k]);
  if (!config.ENTRA_CLIENT_SECRET && !config.ENTRA_CLIENT_CERTIFICATE) missing.push('ENTRA_CLIENT_SECRET or ENTRA_CLIENT_CERTIFICATE' as never);
  if (missing.length > 0) throw new ConfigError(`DIRECTORY=entra / CREDENTIALS=entra need ${missing.join(', ')} (docs/connectors.md)`);
  if (config.ENTRA_CLIENT_CERTIFICATE) {
    try {
      accessSync(config.ENTRA_CLIENT_CERTIFICATE, constants.R_OK);
    } catch {
      throw new ConfigError(`ENTRA_CLIENT_CERTIFICATE: cannot read ${config.ENTRA_CLIENT_CERTIFICATE}`);
    }
  }
  return createGraphClient({
    baseUrl: config.GRAPH_BASE_URL,
    credential: createEntraCredential({
      tenantId: config.ENTRA_TENANT_ID as string,
      clientId: config.ENTRA_CLIENT_ID as string,
      authorityHost: config.ENTRA_AUTHORITY_HOST,
      ...(config.ENTRA_CLIENT_CERTIFICATE ? { clientCertificatePath: config.ENTRA_CLIENT_CERTIFICATE } : { clientSecret: config.ENTRA_CLIENT_SECRET }),
    }),
  });
}
