/**
 * `DIRECTORY=ldap npm start` with no LDAP_URL: a private slapd seeded with the demo directory, so
 * the LDAP connector can be tried with one command, as the embedded Redis and s3rver are.
 */
import type { AppConfig } from '../config';
import { startSlapdChild } from '../embedded/slapdChild';
import { demoLdapSeed } from '../demo/ldapDemo';

export interface EmbeddedDirectory {
  /** What was started, for the start-up banner; null when nothing was. */
  description: string | null;
  stop(): Promise<void>;
}

/** Starts what the configuration leaves to the embedded default and points the configuration at it. */
export async function startEmbeddedDirectory(config: AppConfig): Promise<EmbeddedDirectory> {
  if (config.DIRECTORY !== 'ldap' || config.LDAP_URL) return { description: null, stop: async () => undefined };
  const slapd = await startSlapdChild({ shape: config.LDAP_SCHEMA, seed: demoLdapSeed() });
  Object.assign(config, {
    LDAP_URL: slapd.url, LDAP_BIND_DN: slapd.bindDn, LDAP_BIND_PASSWORD: slapd.bindPassword, LDAP_BASE_DN: slapd.baseDn,
    LDAP_ATTR_BIRTH_DATE: config.LDAP_ATTR_BIRTH_DATE ?? 'birthDate',
    // slapd has no LDAP_MATCHING_RULE_IN_CHAIN, even when it imitates Active Directory's attributes.
    LDAP_NESTED_GROUPS: 'walk',
  } satisfies Partial<AppConfig>);
  return {
    description: `embedded slapd ${slapd.url} (${config.LDAP_SCHEMA} shape, demo directory; service account ${slapd.bindDn})`,
    stop: () => slapd.stop(),
  };
}
