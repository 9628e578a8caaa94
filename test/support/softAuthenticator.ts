/**
 * A software WebAuthn authenticator for API tests: it builds registration and authentication
 * responses byte by byte (WebAuthn L3 §6.1 authenticator data, §6.5 attestation object, §8.2
 * packed attestation) with keys and certificates it makes itself, so a test can present exactly
 * the attestation an attacker would: a self-signed certificate claiming an allow-listed model, a
 * chain to a root nobody trusts, or a chain to a root the service does trust.
 * Certificates come from @peculiar/x509; CBOR from SimpleWebAuthn's own encoder.
 */
import { KeyObject, createHash, randomBytes, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { isoCBOR } from '@simplewebauthn/server/helpers';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** id-fido-gen-ce-aaguid (WebAuthn §8.2.1): the model id inside the attestation certificate. */
const AAGUID_OID = '1.3.6.1.4.1.45724.1.1.4';
/** Wide enough for any test clock (test/support/testClock.ts) and the wall clock. */
const NOT_BEFORE = new Date('2020-01-01T00:00:00Z');
const NOT_AFTER = new Date('2045-01-01T00:00:00Z');

export interface CertAndKey {
  der: Uint8Array;
  pem: string;
  keys: CryptoKeyPair;
  cert: x509.X509Certificate;
}

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function wrap(cert: x509.X509Certificate, keys: CryptoKeyPair): CertAndKey {
  return { der: new Uint8Array(cert.rawData), pem: cert.toString('pem'), keys, cert };
}

/** A CA root, as a vendor's (or an organisation's) attestation root would be. */
export async function makeRoot(name: string): Promise<CertAndKey> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: `C=US, O=${name}, CN=${name} Attestation Root`,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    keys,
    signingAlgorithm: SIGNING,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  return wrap(cert, keys);
}

function aaguidExtension(aaguid: string): x509.Extension {
  const raw = Buffer.from(aaguid.replace(/-/g, ''), 'hex');
  return new x509.Extension(AAGUID_OID, false, Buffer.concat([Buffer.from([0x04, 0x10]), raw])); // OCTET STRING (16)
}

/**
 * A packed attestation ("batch") certificate for the model, issued by `issuer`, or self-signed
 * when `issuer` is null (the forgery). Subject per WebAuthn §8.2.1.
 */
export async function makeAttestationCert(aaguid: string, issuer: CertAndKey | null, org = 'Soft Keys'): Promise<CertAndKey> {
  const keys = await keyPair();
  const subject = `C=US, O=${org}, OU=Authenticator Attestation, CN=${org} Batch`;
  const extensions = [new x509.BasicConstraintsExtension(false, undefined, true), aaguidExtension(aaguid)];
  const common = { serialNumber: randomBytes(8).toString('hex'), notBefore: NOT_BEFORE, notAfter: NOT_AFTER, signingAlgorithm: SIGNING, extensions };
  const cert = issuer
    ? await x509.X509CertificateGenerator.create({
        ...common,
        subject,
        issuer: issuer.cert.subject,
        publicKey: keys.publicKey,
        signingKey: issuer.keys.privateKey,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: subject, keys });
  return wrap(cert, keys);
}

export type Attestation = { fmt: 'none' } | { fmt: 'packed'; chain: CertAndKey[] };

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  counter: number;
}

export interface RegistrationInput {
  rpId: string;
  origin: string;
  /** base64url, from the creation options. */
  challenge: string;
  aaguid: string;
  /** BE: a synced (multi-device) credential. */
  backupEligible: boolean;
  attestation: Attestation;
}

/** A registration response (`startRegistration()` shape) and the credential it created. */
export async function register(input: RegistrationInput): Promise<{ response: Record<string, unknown>; credential: SoftCredential }> {
  const credentialKeys = await keyPair();
  const jwk = await webcrypto.subtle.exportKey('jwk', credentialKeys.publicKey);
  const credential: SoftCredential = { id: randomBytes(32), privateKey: KeyObject.from(credentialKeys.privateKey), counter: 0 };
  // COSE_Key, EC2 P-256 ES256 (RFC 9053 §7.1.1): 1 kty=2, 3 alg=-7, -1 crv=1, -2 x, -3 y.
  const coseKey = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x as string, 'base64url')],
      [-3, Buffer.from(jwk.y as string, 'base64url')],
    ]),
  );
  const attested = Buffer.concat([
    Buffer.from(input.aaguid.replace(/-/g, ''), 'hex'),
    Buffer.from([credential.id.length >> 8, credential.id.length & 0xff]),
    credential.id,
    coseKey,
  ]);
  // UP | UV | AT, and BE+BS for a synced credential.
  const flags = 0x01 | 0x04 | 0x40 | (input.backupEligible ? 0x08 | 0x10 : 0);
  const authData = Buffer.concat([rpIdHash(input.rpId), Buffer.from([flags]), Buffer.alloc(4), attested]);
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: input.challenge, origin: input.origin, crossOrigin: false }));
  const attStmt = attestationStatement(input.attestation, authData, clientDataJSON);
  const attestationObject = isoCBOR.encode(
    new Map<string, unknown>([
      ['fmt', input.attestation.fmt],
      ['attStmt', attStmt],
      ['authData', authData],
    ]) as never,
  );
  return {
    credential,
    response: {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['usb'] },
    },
  };
}

/** An authentication response (`startAuthentication()` shape) from a registered credential. */
export function authenticate(
  credential: SoftCredential,
  rp: { rpId: string; origin: string; challenge: string },
  backupEligible: boolean,
): Record<string, unknown> {
  credential.counter += 1;
  const flags = 0x01 | 0x04 | (backupEligible ? 0x08 | 0x10 : 0);
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(credential.counter);
  const authData = Buffer.concat([rpIdHash(rp.rpId), Buffer.from([flags]), counter]);
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: rp.challenge, origin: rp.origin, crossOrigin: false }));
  const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
  return {
    id: b64url(credential.id),
    rawId: b64url(credential.id),
    type: 'public-key',
    clientExtensionResults: {},
    authenticatorAttachment: 'cross-platform',
    response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature) },
  };
}

function attestationStatement(attestation: Attestation, authData: Buffer, clientDataJSON: Buffer): Map<string, unknown> {
  if (attestation.fmt === 'none') return new Map();
  const [leaf] = attestation.chain;
  if (!leaf) throw new Error('a packed attestation needs at least its leaf certificate');
  // §8.2: sig over authenticatorData || clientDataHash with the attestation key (DER ECDSA).
  const sig = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), KeyObject.from(leaf.keys.privateKey));
  return new Map<string, unknown>([
    ['alg', -7],
    ['sig', sig],
    ['x5c', attestation.chain.map((c) => c.der)],
  ]);
}

function rpIdHash(rpId: string): Buffer {
  return sha256(Buffer.from(rpId));
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}
