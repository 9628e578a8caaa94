/**
 * The OpenID Provider of one API process. oidc-provider takes its signing keys at construction, so
 * the provider is rebuilt whenever the key set changes (a rotation by any process bumps a version
 * in Redis) or a retired key's grace period ends; everything else it holds is in Redis, so a
 * rebuilt provider, or another process, carries on any flow in progress.
 */
import Provider from 'oidc-provider';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { OidcStore } from '../stores/oidcStore';
import type { OidcClientStore } from '../stores/oidcClientStore';
import type { OidcKeyStore } from '../stores/oidcKeyStore';
import { adapterFactory } from './adapter';
import { loadFileClients } from './clients';
import { providerConfiguration } from './configuration';
import { mountOf, oidcPaths } from './paths';
import { deriveKey, Sealer } from './sealing';
import { SigningKeys } from './keys';
import type { IdaSettings } from './verifiedClaims';
import type { VerifiedIdentityStore } from '../stores/verifiedIdentityStore';

export interface OidcServiceOptions {
  issuer: string;
  clientsFile: string;
  /** 32 bytes: OIDC_KEYS_SECRET, or EVIDENCE_KEY. */
  master: Buffer;
  graceMs: number;
  rotationMs: number;
  idTokenTtlSeconds: number;
  codeTtlSeconds: number;
  interactionTtlSeconds: number;
  trustProxy: boolean;
  /** Identity verification (OIDC_IDA_*): trust framework, assurance level, the organization named as checker. */
  ida: IdaSettings;
}

interface Built {
  version: string;
  validUntil: number;
  provider: Provider;
}

export class OidcService {
  readonly issuer: string;
  readonly paths: ReturnType<typeof oidcPaths>;
  readonly keys: SigningKeys;
  readonly secrets: Sealer;
  readonly fileClients: ReturnType<typeof loadFileClients>;
  private built: Built | null = null;
  private building: Promise<Built> | null = null;

  constructor(
    private readonly options: OidcServiceOptions,
    readonly store: OidcStore,
    readonly clients: OidcClientStore,
    keyStore: OidcKeyStore,
    private readonly verified: VerifiedIdentityStore,
    private readonly clock: Clock,
    private readonly logger: () => Logger,
  ) {
    this.issuer = options.issuer.replace(/\/+$/, '');
    this.paths = oidcPaths(mountOf(this.issuer));
    this.secrets = new Sealer(options.master, 'client-secrets');
    this.keys = new SigningKeys(keyStore, new Sealer(options.master, 'jwks'), clock, { graceMs: options.graceMs, rotationMs: options.rotationMs });
    this.fileClients = loadFileClients(options.clientsFile);
  }

  /** The provider for this request: one Redis GET (the key-set version) when nothing changed. */
  async provider(): Promise<Provider> {
    const version = await this.keys.version();
    const built = this.built;
    if (built && built.version === version && this.clock.now() < built.validUntil) return built.provider;
    this.building ??= this.build().finally(() => {
      this.building = null;
    });
    return (await this.building).provider;
  }

  private async build(): Promise<Built> {
    const set = await this.keys.current();
    const version = await this.keys.version();
    const provider = new Provider(
      this.issuer,
      providerConfiguration({
        paths: this.paths,
        jwks: set.jwks,
        adapter: adapterFactory({ fileClients: this.fileClients, store: this.store, clients: this.clients, secrets: this.secrets }),
        cookieKeys: [deriveKey(this.options.master, 'cookies').toString('base64url')],
        idTokenTtlSeconds: this.options.idTokenTtlSeconds,
        codeTtlSeconds: this.options.codeTtlSeconds,
        interactionTtlSeconds: this.options.interactionTtlSeconds,
        ida: this.options.ida,
        verifiedIdentity: (grantId) => this.verified.forGrant(grantId),
        now: () => this.clock.now(),
      }),
    );
    provider.proxy = this.options.trustProxy;
    // oidc-provider answers the client with the standard error; the log keeps the reason (never a secret: no params).
    const refused = (event: string) => (_ctx: unknown, err: Error & { error_description?: string }) => {
      this.logger().info({ event: `oidc.${event}`, error: err.message, description: err.error_description }, 'oidc provider refused a request');
    };
    provider.on('authorization.error', refused('authorization.error'));
    provider.on('grant.error', refused('grant.error'));
    provider.on('pushed_authorization_request.error', refused('pushed_authorization_request.error'));
    provider.on('server_error', (_ctx: unknown, err: Error) => this.logger().error({ event: 'oidc.server_error', err }, 'oidc provider failed'));
    this.built = { version, validUntil: set.validUntil, provider };
    return this.built;
  }
}
