/**
 * Which authenticator models the service trusts, and the roots their attestation must chain to:
 * FIDO Metadata Service (MDS3) statements read from ATTESTATION_METADATA_PATH, a file or a folder.
 * A folder may hold the MDS3 BLOB as downloaded (`*.jwt`, verified with SimpleWebAuthn's
 * `verifyMDSBlob` against the FIDO MDS root, or ATTESTATION_MDS_ROOT_FILE for a private mirror)
 * and JSON files (`*.json`: a BLOB payload, one payload entry or one metadata statement) that an
 * operator adds for models outside the MDS. Nothing configured means no model is trusted: a
 * profile that requires attestation then refuses every passkey (fail closed). docs/attestation.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SettingsService } from '@simplewebauthn/server';
import { verifyMDSBlob } from '@simplewebauthn/server/helpers';
import { ConfigError } from '../../config';
import { DISTRUSTED_STATUSES, MetadataFileSchema, BlobEntrySchema, type BlobEntry } from './metadataSchemas';

export interface ModelMetadata {
  aaguid: string;
  description: string;
  /** PEM root certificates from the statement's `attestationRootCertificates`. */
  roots: string[];
  /** The latest status report's status, or null when the entry has none. */
  status: string | null;
  /** The file it came from (for the audit and for operators). */
  source: string;
}

export class AttestationMetadata {
  private readonly byAaguid = new Map<string, ModelMetadata>();

  constructor(models: readonly ModelMetadata[]) {
    for (const model of models) this.byAaguid.set(model.aaguid, model);
  }

  get(aaguid: string): ModelMetadata | null {
    return this.byAaguid.get(aaguid.toLowerCase()) ?? null;
  }

  get size(): number {
    return this.byAaguid.size;
  }

  /** MDS3 §3.1.4: a model whose latest status says revoked or compromised is not trusted. */
  static isDistrusted(model: ModelMetadata): boolean {
    return model.status !== null && (DISTRUSTED_STATUSES as readonly string[]).includes(model.status);
  }
}

/** Reads and verifies every statement under `location`; a bad file stops the process. */
export async function loadAttestationMetadata(location: string | undefined, mdsRootFile?: string, cwd = process.cwd()): Promise<AttestationMetadata> {
  if (!location) return new AttestationMetadata([]);
  if (mdsRootFile) {
    SettingsService.setRootCertificates({ identifier: 'mds', certificates: [readText(path.resolve(cwd, mdsRootFile), 'ATTESTATION_MDS_ROOT_FILE')] });
  }
  const resolved = path.resolve(cwd, location);
  const files = listFiles(resolved);
  const models: ModelMetadata[] = [];
  for (const file of files) {
    const entries = file.endsWith('.jwt') ? await blobEntries(file) : jsonEntries(file);
    for (const entry of entries) {
      const model = toModel(entry, file);
      if (model) models.push(model);
    }
  }
  return new AttestationMetadata(models);
}

function listFiles(resolved: string): string[] {
  let stat;
  try {
    stat = statSync(resolved);
  } catch (err) {
    throw new ConfigError(`ATTESTATION_METADATA_PATH ${resolved}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!stat.isDirectory()) return [resolved];
  return readdirSync(resolved)
    .filter((f) => f.endsWith('.json') || f.endsWith('.jwt'))
    .sort()
    .map((f) => path.join(resolved, f));
}

function readText(file: string, setting: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${setting} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function blobEntries(file: string): Promise<BlobEntry[]> {
  try {
    const { payload } = await verifyMDSBlob(readText(file, 'ATTESTATION_METADATA_PATH').trim());
    return payload.entries.map((e) => BlobEntrySchema.parse(e));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`ATTESTATION_METADATA_PATH ${file}: the MDS BLOB did not verify (${err instanceof Error ? err.message : String(err)})`);
  }
}

function jsonEntries(file: string): BlobEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readText(file, 'ATTESTATION_METADATA_PATH'));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`ATTESTATION_METADATA_PATH ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = MetadataFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ConfigError(`ATTESTATION_METADATA_PATH ${file} is not MDS3 metadata:\n${lines.join('\n')}`);
  }
  const data = parsed.data;
  if ('entries' in data) return data.entries;
  if ('metadataStatement' in data) return [data];
  return [{ aaguid: data.aaguid, metadataStatement: data, statusReports: [] }];
}

/** FIDO2 entries only (they carry an AAGUID); U2F and UAF entries are keyed otherwise. */
function toModel(entry: BlobEntry, source: string): ModelMetadata | null {
  const aaguid = entry.aaguid ?? entry.metadataStatement?.aaguid;
  if (!aaguid || !entry.metadataStatement) return null;
  // MDS3 §3.1.3: the newest report (by effectiveDate, ISO 8601 dates) is the model's status.
  const latest = entry.statusReports
    .slice()
    .sort((a, b) => (a.effectiveDate ?? '').localeCompare(b.effectiveDate ?? ''))
    .at(-1);
  return {
    aaguid,
    description: entry.metadataStatement.description,
    roots: entry.metadataStatement.attestationRootCertificates.map(derBase64ToPem),
    status: latest?.status ?? null,
    source: path.basename(source),
  };
}

function derBase64ToPem(b64: string): string {
  const body =
    b64
      .replace(/\s+/g, '')
      .match(/.{1,64}/g)
      ?.join('\n') ?? '';
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
