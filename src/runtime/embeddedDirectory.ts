/**
 * One-command demos of the identity-estate connectors, as the embedded Redis and s3rver are:
 * `DIRECTORY=ldap npm start` with no LDAP_URL starts a private slapd, and `DIRECTORY=entra npm
 * start` (or CREDENTIALS=entra) with no ENTRA_TENANT_ID the Graph-shaped stand-in, each seeded
 * with the demo directory. The stand-in serves TLS from a CA made at start; this process alone
 * trusts it (a deployment trusts a private CA with NODE_EXTRA_CA_CERTS).
 */
import type { AppConfig } from '../config';
import { credentialsKind } from '../config/connectors';
import { startSlapdChild } from '../embedded/slapdChild';
import { demoLdapSeed } from '../demo/ldapDemo';
import { startGraphStandIn } from '../../providers/entra-graph/standIn';
import { trustCaInProcess } from '../../providers/entra-graph/trust';

export interface EmbeddedDirectory {
  /** What was started, for the start-up banner; null when nothing was. */
  description: string | null;
  stop(): Promise<void>;
}

/** Starts what the configuration leaves to the embedded default and points the configuration at it. */
export async function startEmbeddedDirectory(config: AppConfig): Promise<EmbeddedDirectory> {
  const entra = config.DIRECTORY === 'entra' || credentialsKind(config) === 'entra';
  if (entra && !config.ENTRA_TENANT_ID) return startEmbeddedEntra(config);
  if (config.DIRECTORY !== 'ldap' || config.LDAP_URL) return { description: null, stop: async () => undefined };
  const slapd = await startSlapdChild({ shape: config.LDAP_SCHEMA, seed: demoLdapSeed() });
  Object.assign(config, {
    LDAP_URL: slapd.url,
    LDAP_BIND_DN: slapd.bindDn,
    LDAP_BIND_PASSWORD: slapd.bindPassword,
    LDAP_BASE_DN: slapd.baseDn,
    LDAP_ATTR_BIRTH_DATE: config.LDAP_ATTR_BIRTH_DATE ?? 'birthDate',
    // slapd has no LDAP_MATCHING_RULE_IN_CHAIN, even when it imitates Active Directory's attributes.
    LDAP_NESTED_GROUPS: 'walk',
  } satisfies Partial<AppConfig>);
  return {
    description: `embedded slapd ${slapd.url} (${config.LDAP_SCHEMA} shape, demo directory; service account ${slapd.bindDn})`,
    stop: () => slapd.stop(),
  };
}

async function startEmbeddedEntra(config: AppConfig): Promise<EmbeddedDirectory> {
  const graph = await startGraphStandIn({ seed: demoLdapSeed() });
  trustCaInProcess(graph.caPem);
  Object.assign(config, {
    ENTRA_TENANT_ID: graph.tenantId,
    ENTRA_CLIENT_ID: graph.clientId,
    ENTRA_CLIENT_SECRET: graph.clientSecret,
    ENTRA_AUTHORITY_HOST: graph.authorityHost,
    GRAPH_BASE_URL: graph.graphBaseUrl,
    ENTRA_BIRTH_DATE_ATTRIBUTE: config.ENTRA_BIRTH_DATE_ATTRIBUTE ?? graph.birthDateAttribute,
  } satisfies Partial<AppConfig>);
  return {
    description: `embedded Graph stand-in ${graph.graphBaseUrl} (tenant ${graph.tenantId}, demo directory; TAPs are issued there)`,
    stop: () => graph.close(),
  };
}
