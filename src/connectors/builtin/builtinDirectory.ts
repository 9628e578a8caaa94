/**
 * The built-in directory as a connector: accounts an admin keeps in the service's own Redis
 * (`/v1/admin/users`). Its groups are flat (no nesting) and its id is the username.
 */
import type { DirectoryStore, DirectoryUser } from '../../stores/directoryStore';
import type { DirectoryAccount, DirectoryConnector } from '../directory';

export function builtinAccount(user: DirectoryUser): DirectoryAccount {
  return { id: user.username, ...user };
}

export function createBuiltinDirectory(store: DirectoryStore): DirectoryConnector {
  return {
    kind: 'builtin',
    async findAccount(name) {
      const user = await store.get(name);
      return user ? builtinAccount(user) : null;
    },
    async sameName(account) {
      const others = await store.sameName(account);
      return others.filter((o) => o.username !== account.username).map(builtinAccount);
    },
    async check() {
      /* Redis is checked by the service's own readiness */
    },
    async close() {
      /* the store's connection belongs to the context */
    },
  };
}
