/**
 * GIPS evidence statuses → `IdvResult` (docs/references.md, "Vendor APIs: IDEMIA", "Vendor APIs: adapter patterns"): approved = document VERIFIED at ≥ LEVEL2
 * plus portrait VERIFIED (LOA2 "Profile 3"); ADJUDICATION = a human at Idemia → `review`; anything
 * else declines. NOT_VERIFIED declines too, but a new attempt is allowed.
 */
import type { IdvResult } from '../contract';
import { toIsoDate } from '../vendor-http/isoDate';
import { toAlpha3 } from '../vendor-http/alpha3';
import type { DetailedIdentity, EvidenceStatusResponse } from './schemas';

export interface IdemiaEvidence {
  detailed: DetailedIdentity;
  document: EvidenceStatusResponse;
  portrait: EvidenceStatusResponse;
}

const EXPIRED = 1501;
const LEVELS = ['LEVEL0', 'LEVEL1', 'LEVEL2', 'LEVEL3', 'LEVEL4'];

export function normalizeIdemia(identityId: string, evidence: IdemiaEvidence): IdvResult {
  const { document, portrait } = evidence;
  const documentOk = document.status === 'VERIFIED' && LEVELS.indexOf(document.score ?? 'LEVEL0') >= 2;
  const adjudication = document.status === 'ADJUDICATION' || portrait.status === 'ADJUDICATION';
  const liveness = livenessOf(evidence);
  return {
    provider: 'idemia',
    vendorReference: identityId,
    decision: adjudication ? 'review' : documentOk && portrait.status === 'VERIFIED' && liveness.passed ? 'approved' : 'declined',
    faceMatch: faceMatchOf(evidence),
    liveness,
    document: {
      authentic: document.status === 'VERIFIED' || (document.errors.length > 0 && document.errors.every((e) => e.code === EXPIRED)),
      expired: document.errors.some((e) => e.code === EXPIRED),
      raw: `${document.status}/${document.score ?? 'none'}`,
    },
    claims: claimsOf(evidence.detailed),
    reasonCodes: reasonCodesOf(evidence, liveness.raw),
  };
}

/** Prefer the integer match score (0..10000 → 0..100); otherwise only the LEVELn grade is known. */
function faceMatchOf({ detailed, portrait }: IdemiaEvidence): IdvResult['faceMatch'] {
  const passed = portrait.status === 'VERIFIED';
  const match = detailed.portrait?.biometricMatch;
  if (match === undefined) return { passed, score: null, rawScore: portrait.score ?? null, scale: 'idemia:LEVEL0-LEVEL4' };
  const score = Math.min(100, Math.max(0, match.score / 100));
  return { passed, score, rawScore: String(match.score), scale: `idemia-bioserver:0-10000,threshold=${match.threshold}` };
}

/**
 * Bioserver's `livenessStatus` when present. Without it, Idemia's sample reads portrait
 * NOT_VERIFIED as "liveness OK, no match decision", and VERIFIED implies a live capture.
 */
function livenessOf({ detailed, portrait }: IdemiaEvidence): IdvResult['liveness'] {
  const status = detailed.portrait?.liveness?.status;
  if (status !== undefined) return { passed: status === 'SUCCESS', raw: status };
  return { passed: portrait.status === 'VERIFIED' || portrait.status === 'NOT_VERIFIED', raw: `portrait:${portrait.status}` };
}

function claimsOf(detailed: DetailedIdentity): IdvResult['claims'] {
  const data = detailed.idDocuments.at(-1)?.idDocumentData;
  if (data === undefined) return null;
  return {
    givenName: data.givenNames,
    familyName: data.surname,
    birthDate: toIsoDate(data.dateOfBirth),
    documentNumber: data.documentNumber,
    expiryDate: toIsoDate(data.dateOfExpiry),
    issuingCountry: toAlpha3(data.issuingCountry),
  };
}

function reasonCodesOf({ document, portrait }: IdemiaEvidence, liveness: string): string[] {
  const codes = [...document.errors, ...portrait.errors].map((e) => `idemia:${e.code}`);
  if (document.status !== 'VERIFIED') codes.push(`idemia:document:${document.status}`);
  if (portrait.status !== 'VERIFIED') codes.push(`idemia:portrait:${portrait.status}`);
  if (liveness !== 'SUCCESS' && !liveness.startsWith('portrait:')) codes.push(`idemia:liveness:${liveness}`);
  return [...new Set(codes)];
}
