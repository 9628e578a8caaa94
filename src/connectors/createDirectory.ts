/** The directory connector DIRECTORY names, built from the validated configuration. */
import { ConfigError, type AppConfig } from '../config';
import type { Logger } from '../logger';
import type { DirectoryStore } from '../stores/directoryStore';
import { createBuiltinDirectory } from './builtin/builtinDirectory';
import type { DirectoryConnector } from './directory';
import { createLdapDirectory } from './ldap/ldapDirectory';
import { ldapSettings } from './ldap/ldapSettings';

export function createDirectory(config: AppConfig, builtin: DirectoryStore, logger: () => Logger): DirectoryConnector {
  switch (config.DIRECTORY) {
    case 'builtin':
      return createBuiltinDirectory(builtin);
    case 'ldap':
      return createLdapDirectory(ldapSettings(config), (message) => logger().warn(message));
    case 'entra':
      throw new ConfigError('DIRECTORY=entra: not available in this build');
  }
}
