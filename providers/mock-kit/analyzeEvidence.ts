import { parseDataZone, type DataZoneRead } from './dataZone';
import { readCardBack, readCardFront, type CardFrontRead, type CardSideRead } from './document';
import { EvidenceCache } from './evidenceCache';
import { compareFaces, faceFromImage, FACE_SIMILARITY_THRESHOLD } from './face';
import type { FaceDescriptor } from './faceDescriptor';
import { assessLiveness } from './liveness';
import type { EvidenceAnalysis, EvidenceImages } from './types';

const selfies = new EvidenceCache<FaceDescriptor | null>();
const fronts = new EvidenceCache<CardFrontRead>();
const backs = new EvidenceCache<CardSideRead>();

/**
 * The mock vendors' biometric engine: compares the selfie with the document portrait and reads the
 * document's data zone, all from pixels. A legitimate "no" (no face, bad check digit, not a card)
 * is reported in the result; it throws only when an image cannot be decoded at all.
 *
 * @param now the clock for `expired` (injected so tests never depend on today's date).
 */
export async function analyzeEvidence(images: EvidenceImages, now: Date): Promise<EvidenceAnalysis> {
  const [selfie, front] = await Promise.all([selfies.get(images.selfie, faceFromImage), fronts.get(images.documentFront, readCardFront)]);
  // The back only matters when the front's data zone is unreadable (saves a decode per call).
  const back = front.dataZone === null && images.documentBack ? await backs.get(images.documentBack, readCardBack) : null;
  const similarity = selfie && front.portrait ? compareFaces(selfie, front.portrait).similarity : 0;
  return {
    face: { similarity, selfieFaceFound: selfie !== null, portraitFound: front.portrait !== null },
    liveness: assessLiveness(selfie, front.portrait, similarity >= FACE_SIMILARITY_THRESHOLD),
    document: documentVerdict(front, back, now),
  };
}

/** Front QR first, back QR if the front has none. */
function documentVerdict(front: CardFrontRead, back: CardSideRead | null, now: Date): EvidenceAnalysis['document'] {
  const text = front.dataZone ?? back?.dataZone ?? null;
  const read: DataZoneRead = text === null ? { readable: false } : parseDataZone(text);
  const issues: string[] = [];
  if (!front.cardShaped) issues.push('layout_mismatch');
  if (!front.portrait) issues.push('no_portrait');
  if (!read.readable) {
    issues.push('unreadable_data_zone');
    return { readable: false, authentic: false, expired: false, claims: null, issues };
  }
  if (!read.checkDigitsValid) issues.push('check_digit_mismatch');
  // Valid through the printed expiry date (UTC date part of `now`).
  const expired = read.claims.expiryDate < now.toISOString().slice(0, 10);
  if (expired) issues.push('expired');
  const authentic = read.checkDigitsValid && front.cardShaped;
  return { readable: true, authentic, expired, claims: read.claims, issues };
}
