/** The credential target CREDENTIALS names (default: `entra` when DIRECTORY=entra, else `builtin`). */
import type { AppConfig } from '../config';
import { credentialsKind } from '../config/connectors';
import type { Clock } from '../clock';
import type { AccessPassStore } from '../stores/accessPassStore';
import type { PasskeyStore } from '../stores/passkeyStore';
import { createBuiltinCredentials } from './builtin/builtinCredentials';
import type { CredentialTarget } from './credentials';
import { createEntraCredentials } from './entra/entraCredentials';
import type { GraphClient } from './entra/graphClient';

export interface CredentialDeps {
  accessPasses: AccessPassStore;
  passkeys: PasskeyStore;
  clock: Clock;
  graph: () => GraphClient;
}

export function createCredentials(config: AppConfig, deps: CredentialDeps): CredentialTarget {
  const kind = credentialsKind(config);
  switch (kind) {
    case 'builtin':
      return createBuiltinCredentials({
        ...deps,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        passLength: config.TAP_LENGTH,
        maxAttempts: config.TAP_MAX_ATTEMPTS,
      });
    case 'entra':
      return createEntraCredentials({
        graph: deps.graph(),
        clock: deps.clock,
        enrollmentUrl: config.ENTRA_ENROLLMENT_URL,
        accountsFromEntra: config.DIRECTORY === 'entra',
        passSettings: { lifetimeMinutes: config.TAP_LIFETIME_MINUTES, oneTimeUse: config.TAP_ONE_TIME_USE },
      });
  }
}
