import type { FaceDescriptor } from './faceDescriptor';

/**
 * A live capture frames the person its own way; a photo of the ID portrait keeps the portrait's
 * framing (head box within this fraction of the frame on every side) ...
 */
const REPLAY_FRAMING_TOLERANCE = 0.03;
/** ... and its backdrop colour (chromaticity r, g within this distance). */
const REPLAY_BACKDROP_TOLERANCE = 0.015;

export interface LivenessVerdict {
  live: boolean;
  reason: 'no_face' | 'portrait_replay' | null;
}

/**
 * Passive presentation-attack check on pixels: no face at all, or a selfie that is the document's
 * own portrait re-photographed (same face, same framing, same backdrop). Two independent captures
 * of one person never share all three, so this does not flag a genuine selfie of the holder.
 */
export function assessLiveness(selfie: FaceDescriptor | null, portrait: FaceDescriptor | null, sameFace: boolean): LivenessVerdict {
  if (!selfie) return { live: false, reason: 'no_face' };
  if (portrait && sameFace && sameFraming(selfie, portrait) && sameBackdrop(selfie, portrait)) {
    return { live: false, reason: 'portrait_replay' };
  }
  return { live: true, reason: null };
}

function sameFraming(a: FaceDescriptor, b: FaceDescriptor): boolean {
  const keys = ['x0', 'y0', 'x1', 'y1'] as const;
  return keys.every((k) => Math.abs(a.framing[k] - b.framing[k]) <= REPLAY_FRAMING_TOLERANCE);
}

function sameBackdrop(a: FaceDescriptor, b: FaceDescriptor): boolean {
  const dr = a.backdrop[0] - b.backdrop[0];
  const dg = a.backdrop[1] - b.backdrop[1];
  return Math.hypot(dr, dg) <= REPLAY_BACKDROP_TOLERANCE;
}
