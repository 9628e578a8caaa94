/**
 * Does an attestation certificate chain (`x5c`, leaf first) end at one of the trust anchors?
 * Path building and validation are SimpleWebAuthn's (`validateCertificatePath`, on
 * @peculiar/x509). One case it cannot express: a model whose attestation certificate is itself
 * self-signed and pinned as the root (Chromium's virtual authenticator, some batch-certificate
 * keys). RFC 5280 §6.1.1 (d) defines a trust anchor as a name and a public key, not certificate
 * bytes, so a one-certificate chain is accepted when its issuer is the anchor's subject and its
 * signature verifies with the anchor's key. A forged self-signed certificate has another key and
 * fails both ways.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { validateCertificatePath } from '@simplewebauthn/server/helpers';
import { convertCertBufferToPEM } from '@simplewebauthn/server/helpers';

export interface TrustAnchor {
  /** What the audit records: e.g. `mds:<aaguid>` or `profile:<name>`. */
  source: string;
  pem: string;
}

export interface AnchorMatch {
  source: string;
  /** SHA-256 of the anchor's DER, hex: which certificate it was. */
  fingerprint: string;
}

/** The first anchor the chain validates to, or null. `now` bounds the anchor's validity. */
export async function findAnchor(x5c: readonly Uint8Array[], anchors: readonly TrustAnchor[], now: Date): Promise<AnchorMatch | null> {
  if (x5c.length === 0) return null;
  const chain = x5c.map((der) => convertCertBufferToPEM(new Uint8Array(der)));
  for (const anchor of anchors) {
    if (await validates(chain, anchor.pem, now)) return { source: anchor.source, fingerprint: fingerprintOf(anchor.pem) };
  }
  return null;
}

async function validates(chain: string[], anchorPem: string, now: Date): Promise<boolean> {
  let anchor: X509Certificate;
  try {
    anchor = new X509Certificate(anchorPem);
  } catch {
    return false;
  }
  if (!withinValidity(anchor, now)) return false;
  if (chain.length === 1 && pinnedSelfSigned(new X509Certificate(chain[0] as string), anchor)) return true;
  try {
    return await validateCertificatePath(chain, [anchorPem]);
  } catch {
    return false; // "could not be chained", duplicate certificates, expired intermediates…
  }
}

function pinnedSelfSigned(leaf: X509Certificate, anchor: X509Certificate): boolean {
  return leaf.checkIssued(leaf) && leaf.checkIssued(anchor) && leaf.verify(anchor.publicKey) && anchor.verify(anchor.publicKey);
}

function withinValidity(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validFrom) <= now && now <= new Date(cert.validTo);
}

function fingerprintOf(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}
