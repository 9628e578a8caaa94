/**
 * Where the provider's endpoints live, relative to the issuer (whose path, if any, is the mount).
 * Discovery is always `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4).
 */
export interface OidcPaths {
  /** The issuer's path ('' at the root). */
  mount: string;
}

export function oidcPaths(mount: string) {
  return {
    mount,
    routes: {
      authorization: '/authorize',
      pushed_authorization_request: '/oidc/par',
      token: '/oidc/token',
      jwks: '/oidc/jwks',
      userinfo: '/oidc/userinfo',
      revocation: '/oidc/revoke',
      end_session: '/oidc/logout',
    },
    /** Handled by oidc-provider (relative to the mount). */
    protocol: ['/.well-known/openid-configuration', '/authorize', '/oidc'],
    /** The interaction page and its JSON calls, handled by express before oidc-provider. */
    interactionPrefix: '/oidc/interaction',
    interaction: (uid: string) => `${mount}/oidc/interaction/${uid}`,
  };
}

/** The issuer's path without a trailing slash. */
export function mountOf(issuer: string): string {
  return new URL(issuer).pathname.replace(/\/+$/, '');
}
