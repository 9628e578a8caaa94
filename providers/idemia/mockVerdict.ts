/**
 * How the mock GIPS turns the shared evidence analysis into Idemia's vocabulary (docs/references.md, "Vendor APIs: IDEMIA"):
 * evidence status VERIFIED / NOT_VERIFIED / INVALID, score LEVEL0..LEVEL4, numeric error codes, and a
 * Bioserver-style integer match score with its threshold.
 */
import { FACE_SIMILARITY_THRESHOLD } from '../mock-kit/face';
import type { DocumentClaims, EvidenceAnalysis } from '../mock-kit/types';
import type { EvidenceStatus, IdemiaError, Level } from './schemas';

export interface EvidenceVerdict {
  status: Exclude<EvidenceStatus, 'PROCESSING' | 'ADJUDICATION'>;
  score: Level;
  errors: IdemiaError[];
}

export interface IdemiaVerdict {
  document: EvidenceVerdict;
  portrait: EvidenceVerdict;
  /** Absent when no comparison ran (no VERIFIED document to crop a reference from, or not live). */
  match?: { score: number; threshold: number };
  /** Bioserver `livenessStatus` (docs/references.md, "Vendor APIs: IDEMIA"). */
  liveness: 'SUCCESS' | 'SPOOF' | 'FAILED';
  claims: DocumentClaims | null;
}

/** Bioserver scores are integers, not 0..1 (docs/references.md, "Vendor APIs: IDEMIA": sample threshold 3000); we use 0..10000. */
export const BIOSERVER_SCALE = 10_000;
export const BIOSERVER_THRESHOLD = Math.round(FACE_SIMILARITY_THRESHOLD * BIOSERVER_SCALE);

/** Error codes from Idemia's error-code page (docs/references.md, "Vendor APIs: IDEMIA"). */
const DOCUMENT_ISSUES: Record<string, { code: number; status: EvidenceVerdict['status']; message: string }> = {
  expired: { code: 1501, status: 'INVALID', message: 'Document expired' },
  check_digit_mismatch: { code: 1504, status: 'INVALID', message: 'Invalid document (MRZ / security features)' },
  unreadable_data_zone: { code: 1506, status: 'NOT_VERIFIED', message: 'Document quality too low' },
  no_portrait: { code: 1500, status: 'INVALID', message: 'Bad format or unknown document' },
};

export function judge(analysis: EvidenceAnalysis): IdemiaVerdict {
  const document = judgeDocument(analysis.document);
  const liveness = !analysis.liveness.live ? (analysis.liveness.reason === 'portrait_replay' ? 'SPOOF' : 'FAILED') : 'SUCCESS';
  const compared = liveness === 'SUCCESS' && document.status === 'VERIFIED' && analysis.face.selfieFaceFound;
  const match = compared ? { score: Math.round(analysis.face.similarity * BIOSERVER_SCALE), threshold: BIOSERVER_THRESHOLD } : undefined;
  return { document, portrait: judgePortrait(liveness, match), match, liveness, claims: analysis.document.claims };
}

function judgeDocument(doc: EvidenceAnalysis['document']): EvidenceVerdict {
  const issues = new Set(doc.issues);
  if (doc.expired) issues.add('expired');
  if (!doc.authentic && issues.size === 0) issues.add('check_digit_mismatch');
  if (!doc.readable) issues.add('unreadable_data_zone');
  const errors: IdemiaError[] = [];
  let status: EvidenceVerdict['status'] = 'VERIFIED';
  for (const issue of issues) {
    const known = DOCUMENT_ISSUES[issue] ?? { code: 1504, status: 'INVALID' as const, message: issue };
    errors.push({ field: 'idDocument', code: known.code, message: known.message });
    if (status !== 'INVALID') status = known.status;
  }
  return { status, score: status === 'VERIFIED' ? 'LEVEL3' : 'LEVEL0', errors };
}

/**
 * "A match makes the portrait evidence VERIFIED with a score, and a mismatch makes it INVALID";
 * without a VERIFIED document there is no reference, hence NOT_VERIFIED (docs/references.md, "Vendor APIs: IDEMIA").
 */
function judgePortrait(liveness: IdemiaVerdict['liveness'], match: IdemiaVerdict['match']): EvidenceVerdict {
  if (liveness !== 'SUCCESS') return { status: 'INVALID', score: 'LEVEL0', errors: [] };
  if (match === undefined) return { status: 'NOT_VERIFIED', score: 'LEVEL0', errors: [] };
  if (match.score < match.threshold) return { status: 'INVALID', score: 'LEVEL0', errors: [] };
  return { status: 'VERIFIED', score: levelAbove(match.score, match.threshold), errors: [] };
}

/** Spreads the margin above the threshold over LEVEL1 (low) .. LEVEL4 (very high). */
function levelAbove(score: number, threshold: number): Level {
  const margin = (score - threshold) / Math.max(1, BIOSERVER_SCALE - threshold);
  if (margin >= 0.75) return 'LEVEL4';
  if (margin >= 0.5) return 'LEVEL3';
  if (margin >= 0.25) return 'LEVEL2';
  return 'LEVEL1';
}
