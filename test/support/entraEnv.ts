/** The service's settings for accounts and sign-in at the Graph-shaped stand-in (DIRECTORY=entra). */
import type { GraphStandIn } from '../../providers/entra-graph/standIn';

export function entraEnv(g: GraphStandIn): Record<string, string> {
  return {
    DIRECTORY: 'entra',
    ENTRA_TENANT_ID: g.tenantId,
    ENTRA_CLIENT_ID: g.clientId,
    ENTRA_CLIENT_SECRET: g.clientSecret,
    ENTRA_AUTHORITY_HOST: g.authorityHost,
    GRAPH_BASE_URL: g.graphBaseUrl,
    ENTRA_BIRTH_DATE_ATTRIBUTE: g.birthDateAttribute,
  };
}
