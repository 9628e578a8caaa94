/**
 * Template → concrete request, at send time: binds a recovery session (fresh, or any seen so far),
 * fills path parameters, picks the credential for the chosen scheme, and signs headers over the
 * final body bytes.
 */
import type { RawRequest } from './rawHttp';
import type { Template } from './requests';
import type { FuzzState, Session } from './state';

export interface Wiring {
  state: FuzzState;
  /** Scheme → credential; a scheme in `sessionSchemes` gets the bound session's token. */
  keys: Record<string, string>;
  sessionSchemes: string[];
  /** Header (lower-case) → value computed over the body. */
  signers: Record<string, (body: Buffer) => string>;
  /** How to start a recovery when a fresh session is needed. */
  start: { path: string; body: unknown };
}

export interface Materialized {
  request: RawRequest;
  session: Session | null;
  usedSession: boolean;
}

export async function materialize(t: Template, w: Wiring): Promise<Materialized> {
  const needsSession =
    Object.values(t.params).some((v) => 'session' in v) ||
    t.auth.kind === 'other-session' ||
    (t.auth.kind === 'scheme' && w.sessionSchemes.includes(t.auth.scheme));
  const session = needsSession
    ? t.session === 'fresh'
      ? await w.state.fresh(w.start)
      : (w.state.pick(t.sessionIndex) ?? (await w.state.fresh(w.start)))
    : null;
  const path = t.op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = t.params[name];
    return !v ? '' : 'session' in v ? (session?.id ?? '') : v.raw;
  });
  const headers: Array<[string, string]> = [];
  const credential = credentialFor(t, w, session);
  if (credential !== null) headers.push(['Authorization', credential]);
  const bytes = t.body?.bytes;
  for (const [name, value] of t.headerParams) {
    const signer = w.signers[name.toLowerCase()];
    headers.push([name, typeof value === 'string' ? value : signer ? signer(bytes ?? Buffer.alloc(0)) : 'unsigned']);
  }
  if (t.body?.contentType !== undefined) headers.push(['Content-Type', t.body.contentType]);
  if (t.body?.contentEncoding !== undefined) headers.push(['Content-Encoding', t.body.contentEncoding]);
  headers.push(...t.extraHeaders);
  return {
    request: {
      method: t.method,
      target: `${t.line.absolute ? 'http://evil.example' : ''}${path}${t.query ? `?${t.query}` : ''}`,
      headers,
      body: bytes,
      declaredLength: t.body?.declaredLength,
      version: t.line.version,
    },
    session,
    usedSession: session !== null && credential === `Bearer ${session.token}`,
  };
}

function credentialFor(t: Template, w: Wiring, session: Session | null): string | null {
  switch (t.auth.kind) {
    case 'none':
      return null;
    case 'raw':
      return t.auth.value;
    case 'other-session': {
      const other = w.state.sessions.find((s) => s.id !== session?.id);
      return other ? `Bearer ${other.token}` : null;
    }
    case 'scheme': {
      if (w.sessionSchemes.includes(t.auth.scheme)) return session ? `Bearer ${session.token}` : null;
      const key = w.keys[t.auth.scheme];
      return key === undefined ? null : `Bearer ${key}`;
    }
  }
}
