/**
 * The verification pipeline with accounts in LDAP (DIRECTORY=ldap, a private OpenLDAP slapd
 * seeded with the bench users) against the same pipeline with the built-in directory, interleaved
 * in the same run: what reading the organisation's directory costs per recovery. Each LDAP
 * decision opens a session (connect, bind), finds the account, walks its groups and searches for
 * same-name accounts, then unbinds.
 */
import { startSlapdChild, type SlapdChild } from '../../src/embedded/slapdChild';
import type { LdapSeed } from '../../src/embedded/ldapSeed';
import { benchFamilyName, benchUser } from '../lib/benchUsers';
import { findPids } from '../lib/cpu';
import { serviceRound, type Measured } from './pipeline';
import type { Stack } from '../lib/stack';

export interface LdapPipelineRound {
  builtin: Measured;
  ldap: Measured;
}

function seed(n: number): LdapSeed {
  return {
    people: Array.from({ length: n }, (_, i) => {
      const username = benchUser(i);
      return { username, givenName: 'Bench', familyName: benchFamilyName(username), birthDate: '1990-01-01', emails: [], groups: ['staff'], disabled: false };
    }),
    groups: [
      { name: 'all-staff', memberOf: [] },
      { name: 'staff', memberOf: ['all-staff'] },
    ],
  };
}

export async function ldapPipeline(stack: Stack, rounds: number, n: number, concurrency: number): Promise<LdapPipelineRound[]> {
  const slapd: SlapdChild = await startSlapdChild({ shape: 'openldap', seed: seed(n) });
  const env = {
    DIRECTORY: 'ldap',
    LDAP_URL: slapd.url,
    LDAP_BIND_DN: slapd.bindDn,
    LDAP_BIND_PASSWORD: slapd.bindPassword,
    LDAP_BASE_DN: slapd.baseDn,
    LDAP_ATTR_BIRTH_DATE: 'birthDate',
  };
  const ldap = { env, pids: { slapd: findPids(new RegExp(`slapd .*127\\.0\\.0\\.1:${slapd.port}\\b`)) } };
  const out: LdapPipelineRound[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      // Alternate which goes first, so drift on a busy machine does not favour one.
      const first = round % 2 === 0 ? await serviceRound(stack, n, concurrency) : await serviceRound(stack, n, concurrency, ldap);
      const second = round % 2 === 0 ? await serviceRound(stack, n, concurrency, ldap) : await serviceRound(stack, n, concurrency);
      out.push(round % 2 === 0 ? { builtin: first, ldap: second } : { builtin: second, ldap: first });
    }
  } finally {
    await slapd.stop();
  }
  return out;
}
