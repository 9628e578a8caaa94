/**
 * A throwaway CA and a `localhost` server certificate, made at start-up for the local stand-ins that
 * must speak TLS: the Graph stand-in (`@azure/identity` refuses an `http://` authority host, "The
 * authorityHost address must use the 'https' protocol") and the private slapd's LDAPS and
 * StartTLS. Nothing is written to disk by this module; the CA lives as long as its caller.
 */
// @peculiar/x509 resolves its internals through tsyringe, which needs the Reflect metadata polyfill
// loaded first (reflect-metadata is installed alongside @simplewebauthn/server, which needs it too).
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3_600_000;

export interface TlsMaterial {
  /** PEM of the CA that issued the server certificate: what a client must trust. */
  caPem: string;
  /** Server certificate (PEM) for `localhost` and `127.0.0.1`. */
  certPem: string;
  /** PKCS#8 PEM of the server key. */
  keyPem: string;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

/**
 * Validity is taken from the wall clock, not an injected one: TLS clients check certificates
 * against the machine's time. A day back absorbs clock skew between processes.
 */
export async function makeTlsMaterial(purpose = 'stand-in'): Promise<TlsMaterial> {
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + 30 * DAY_MS);
  const caKeys = await keyPair();
  // A name of its own per start: TLS clients find the issuer by name, and several stand-ins (each
  // with its own CA) may be trusted by the same process.
  const caName = `CN=${purpose} test CA ${randomBytes(6).toString('hex')}`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: caName,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const serverKeys = await keyPair();
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8).toString('hex'),
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return { caPem: ca.toString('pem'), certPem: server.toString('pem'), keyPem: toPem(keyDer, 'PRIVATE KEY') };
}

/**
 * An app's client-assertion certificate (RSA, as MSAL signs assertions with RS256 or PS256): the
 * public certificate is what gets registered (`clientCertificatePem`), certificate and key
 * together are what the service's credential reads.
 */
export async function makeClientCertificate(appName = 'recovery-orchestrator'): Promise<{ certPem: string; keyPem: string }> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: `CN=${appName}`,
    keys,
    signingAlgorithm: algorithm,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 365 * DAY_MS),
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem'), keyPem: toPem(keyDer, 'PRIVATE KEY') };
}
