/**
 * The mock GIPS's in-memory identities and how they render as GIPS JSON (docs/references.md, "Vendor APIs: IDEMIA"). Evidence
 * stays PROCESSING until the analysis is done AND `processingDelayMs` has passed since it was submitted.
 */
import { randomUUID } from 'node:crypto';
import type { IdemiaVerdict, EvidenceVerdict } from './mockVerdict';

/**
 * `submittedAt` is on the mock's protocol clock (what the API reports); `receivedAtMs` is real
 * elapsed time, which is what processing takes: a test clock that stands still must not keep a
 * check PROCESSING for ever.
 */
interface StoredEvidence {
  id: string;
  submittedAt: Date;
  receivedAtMs: number;
}

export interface MockIdentity {
  id: string;
  businessId: string | null;
  createdAt: Date;
  consents: Array<{ consentId: string; type: string; approved: boolean; validityPeriod?: { from?: string; to?: string } }>;
  document?: StoredEvidence & { front: Buffer; back?: Buffer };
  /** `source`: the capture source the client declared (PortraitCaptureDetails), null if none. */
  portrait?: StoredEvidence & { selfie: Buffer; source: string | null };
  /** `error` when the engine failed: both evidences end NOT_VERIFIED. */
  verdict?: IdemiaVerdict | 'error';
}

const ENGINE_FAILED: EvidenceVerdict = {
  status: 'NOT_VERIFIED',
  score: 'LEVEL0',
  errors: [{ field: 'evidence', code: 1500, message: 'Could not process evidence' }],
};

export class IdentityBook {
  private readonly byId = new Map<string, MockIdentity>();
  private readonly byBusinessId = new Map<string, string>();

  constructor(private readonly processingDelayMs: number) {}

  /** A second create with the same BUSINESS_ID returns the same identity (`created: false`). */
  create(businessId: string | null, now: Date): { identity: MockIdentity; created: boolean } {
    const existing = businessId === null ? undefined : this.byId.get(this.byBusinessId.get(businessId) ?? '');
    if (existing) return { identity: existing, created: false };
    const identity: MockIdentity = { id: randomUUID(), businessId, createdAt: now, consents: [] };
    this.byId.set(identity.id, identity);
    if (businessId !== null) this.byBusinessId.set(businessId, identity.id);
    return { identity, created: true };
  }

  get(id: string): MockIdentity | undefined {
    return this.byId.get(id);
  }

  delete(id: string): boolean {
    const identity = this.byId.get(id);
    if (!identity) return false;
    this.byId.delete(id);
    if (identity.businessId !== null) this.byBusinessId.delete(identity.businessId);
    return true;
  }

  /** `null` while PROCESSING. */
  verdictOf(identity: MockIdentity, kind: 'document' | 'portrait'): EvidenceVerdict | null {
    const evidence = identity[kind];
    if (!evidence || identity.verdict === undefined) return null;
    if (performance.now() - evidence.receivedAtMs < this.processingDelayMs) return null;
    return identity.verdict === 'error' ? ENGINE_FAILED : identity.verdict[kind];
  }

  renderIdentity(identity: MockIdentity, now: Date) {
    const doc = this.verdictOf(identity, 'document');
    const portrait = this.verdictOf(identity, 'portrait');
    const complete = identity.document !== undefined && identity.portrait !== undefined;
    const verified = doc?.status === 'VERIFIED' && doc.score >= 'LEVEL2' && portrait?.status === 'VERIFIED';
    // LOA2 "Profile 3" = DocAuth score LEVEL2 + portrait match (docs/references.md, "Vendor APIs: IDEMIA").
    const status = !complete ? 'EXPECTING_INPUT' : doc === null || portrait === null ? 'PROCESSING' : verified ? 'VERIFIED' : 'INVALID';
    return {
      id: identity.id,
      status,
      levelOfAssurance: verified ? 'LOA2' : 'LOA0',
      creationDateTime: identity.createdAt.toISOString(),
      evaluationDateTime: now.toISOString(),
      upgradePaths: {},
    };
  }

  renderEvidenceStatus(identity: MockIdentity, evidenceId: string, _now: Date) {
    const kind = identity.document?.id === evidenceId ? 'document' : identity.portrait?.id === evidenceId ? 'portrait' : null;
    if (kind === null) return null;
    const verdict = this.verdictOf(identity, kind);
    const type = kind === 'document' ? 'ID_DOCUMENT' : 'PORTRAIT';
    if (verdict === null) return { id: evidenceId, type, status: 'PROCESSING', errors: [] };
    return { id: evidenceId, type, status: verdict.status, score: verdict.score, errors: verdict.errors };
  }

  renderDetailed(identity: MockIdentity, now: Date) {
    return {
      globalStatus: this.renderIdentity(identity, now),
      consents: identity.consents,
      idDocuments: identity.document ? [this.renderDocument(identity, now)] : [],
      portrait: identity.portrait ? this.renderPortrait(identity, now) : undefined,
    };
  }

  private renderDocument(identity: MockIdentity, now: Date) {
    const verdict = this.verdictOf(identity, 'document');
    const claims = verdict !== null && typeof identity.verdict === 'object' ? identity.verdict.claims : null;
    return {
      evidenceId: identity.document?.id,
      submitDateTime: identity.document?.submittedAt.toISOString(),
      type: 'ID_DOCUMENT',
      evidenceStatus: evidenceStatus(verdict, now),
      idDocumentData:
        claims === null
          ? undefined
          : {
              givenNames: claims.givenName,
              surname: claims.familyName,
              dateOfBirth: claims.birthDate,
              documentNumber: claims.documentNumber,
              dateOfExpiry: claims.expiryDate,
              documentType: claims.documentType,
              issuingCountry: claims.issuingCountry,
            },
    };
  }

  private renderPortrait(identity: MockIdentity, now: Date) {
    const verdict = this.verdictOf(identity, 'portrait');
    const detail = verdict !== null && typeof identity.verdict === 'object' ? identity.verdict : null;
    return {
      evidenceId: identity.portrait?.id,
      submitDateTime: identity.portrait?.submittedAt.toISOString(),
      type: 'PORTRAIT',
      evidenceStatus: evidenceStatus(verdict, now),
      portraitData: { source: identity.portrait?.source ?? 'UNKNOWN', channel: 'backend' },
      biometricMatch: detail?.match,
      liveness: detail ? { status: detail.liveness } : undefined,
    };
  }
}

function evidenceStatus(verdict: EvidenceVerdict | null, now: Date) {
  if (verdict === null) return { status: 'PROCESSING', isAdjudicable: false };
  return { evaluationDateTime: now.toISOString(), status: verdict.status, score: verdict.score, strength: verdict.score, isAdjudicable: false };
}
