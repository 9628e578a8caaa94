/** The directory connector DIRECTORY names, built from the validated configuration. */
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import type { DirectoryStore } from '../stores/directoryStore';
import { createBuiltinDirectory } from './builtin/builtinDirectory';
import type { DirectoryConnector } from './directory';
import { createLdapDirectory } from './ldap/ldapDirectory';
import { ldapSettings } from './ldap/ldapSettings';
import { createEntraDirectory } from './entra/entraDirectory';
import type { GraphClient } from './entra/graphClient';

export function createDirectory(config: AppConfig, builtin: DirectoryStore, logger: () => Logger, graph: () => GraphClient): DirectoryConnector {
  switch (config.DIRECTORY) {
    case 'builtin':
      return createBuiltinDirectory(builtin);
    case 'ldap':
      return createLdapDirectory(ldapSettings(config), (message) => logger().warn(message));
    case 'entra':
      return createEntraDirectory({
        graph: graph(),
        riskSignals: config.RISK_FROM_ENTRA,
        ...(config.ENTRA_BIRTH_DATE_ATTRIBUTE ? { birthDateAttribute: config.ENTRA_BIRTH_DATE_ATTRIBUTE } : {}),
      });
  }
}
