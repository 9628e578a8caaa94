/**
 * oidc-provider's storage contract (its `adapter` option: one instance per model name) over the
 * stores: every model in Redis (stores/oidcStore.ts), and the `Client` model: the clients of
 * OIDC_CLIENTS_FILE first, then those registered through the admin API (stores/oidcClientStore.ts).
 * oidc-provider asks on every request, so a deleted client stops working at once.
 */
import type { Adapter, AdapterPayload, ClientMetadata } from 'oidc-provider';
import type { OidcStore } from '../stores/oidcStore';
import type { OidcClientStore } from '../stores/oidcClientStore';
import { clientMetadata } from './clients';
import type { Sealer } from './sealing';

export interface AdapterDeps {
  fileClients: readonly ClientMetadata[];
  store: OidcStore;
  clients: OidcClientStore;
  secrets: Sealer;
}

const epochSeconds = () => Math.floor(Date.now() / 1000); // oidc-provider's own clock (the wall clock)

export function adapterFactory(deps: AdapterDeps): (model: string) => Adapter {
  return (model) => (model === 'Client' ? clientAdapter(deps) : redisAdapter(deps.store, model));
}

function redisAdapter(store: OidcStore, model: string): Adapter {
  return {
    upsert: (id, payload, expiresIn) => store.upsert(model, id, payload, expiresIn),
    find: async (id) => await store.find(model, id),
    findByUid: async (uid) => await store.findByUid(model, uid),
    findByUserCode: async (userCode) => await store.findByUserCode(model, userCode),
    consume: async (id) => {
      await store.consume(model, id, epochSeconds());
    },
    destroy: (id) => store.destroy(model, id),
    revokeByGrantId: (grantId) => store.revokeByGrantId(grantId),
  };
}

function clientAdapter({ fileClients, clients, secrets }: AdapterDeps): Adapter {
  const refuse = async () => {
    throw new Error('clients are registered through the admin API, not by oidc-provider');
  };
  return {
    async find(id) {
      // A copy each time: oidc-provider must not hold on to (or change) our configuration.
      const fromFile = fileClients.find((c) => c.client_id === id);
      if (fromFile) return JSON.parse(JSON.stringify(fromFile)) as AdapterPayload;
      const client = await clients.get(id);
      if (!client) return undefined;
      const secret = client.sealedSecret ? secrets.open(client.clientId, client.sealedSecret) : undefined;
      return clientMetadata(
        {
          client_id: client.clientId,
          client_name: client.name,
          redirect_uris: client.redirectUris,
          uses: client.uses,
          token_endpoint_auth_method: client.authMethod,
          verified_claims_format: client.verifiedClaimsFormat,
          ...(client.jwks ? { jwks: client.jwks } : {}),
          ...(client.jwksUri ? { jwks_uri: client.jwksUri } : {}),
        },
        secret,
      );
    },
    upsert: refuse,
    consume: refuse,
    destroy: refuse,
    revokeByGrantId: refuse,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
  };
}
