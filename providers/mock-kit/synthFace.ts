/**
 * Procedural cartoon faces for the fixtures (generator only; the engine never imports this). One
 * FaceParams is one person: every capture of them draws the same geometry, and only the framing,
 * background and lighting around it change.
 */
export type HairStyle = 'short' | 'sidepart' | 'long' | 'bun' | 'curly' | 'afro' | 'bald';

export interface FaceParams {
  skin: string;
  hair: string;
  eyes: string;
  lips: string;
  shirt: string;
  hairStyle: HairStyle;
  beard: 'none' | 'full' | 'goatee';
  glasses: boolean;
  /** Half width and half height of the face oval, head-frame units. */
  faceW: number;
  faceH: number;
  /** 0 = pointed chin, 1 = square jaw. */
  jaw: number;
  eyeSpacing: number;
  eyeSize: number;
  browWidth: number;
  noseWidth: number;
  mouthWidth: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The head-frame box the drawing occupies (hair and shoulders included). */
export function faceExtents(p: FaceParams): Box {
  const { faceW: w, faceH: h } = p;
  const hairTop: Record<HairStyle, number> = {
    short: -1.16 * h,
    sidepart: -1.16 * h,
    long: -1.16 * h,
    bald: -1.02 * h,
    bun: -1.15 * h - 0.84 * w * 0.55,
    curly: -1.5 * h - 0.3 * w,
    afro: -1.7 * h - 0.3 * w,
  };
  const hairHalf = p.hairStyle === 'afro' ? 1.85 * w : p.hairStyle === 'curly' ? 1.65 * w : 0;
  const half = Math.max(1.4 * w, hairHalf);
  return { x0: -half, y0: hairTop[p.hairStyle], x1: half, y1: 1.62 * h };
}

/** SVG elements (head frame, origin at the face centre) drawing the person, back to front. */
export function faceSvg(p: FaceParams): string {
  return [hairBack(p), shirt(p), neckAndEars(p), faceOval(p), hairFront(p), features(p)].join('');
}

function shirt({ faceW: w, faceH: h, shirt: fill, skin }: FaceParams): string {
  return (
    `<path fill="${fill}" d="M${-1.4 * w},${1.62 * h} Q${-1.35 * w},${1.12 * h} ${-0.45 * w},${1.02 * h} ` +
    `L${0.45 * w},${1.02 * h} Q${1.35 * w},${1.12 * h} ${1.4 * w},${1.62 * h} Q0,${1.58 * h} ${-1.4 * w},${1.62 * h}Z"/>` +
    `<path fill="${skin}" d="M${-0.3 * w},${1.02 * h} L0,${1.3 * h} L${0.3 * w},${1.02 * h}Z"/>`
  );
}

function neckAndEars({ faceW: w, faceH: h, skin }: FaceParams): string {
  const neck = `<rect x="${-0.42 * w}" y="${0.5 * h}" width="${0.84 * w}" height="${0.56 * h}" fill="${skin}"/>`;
  const shadow = `<rect x="${-0.42 * w}" y="${0.62 * h}" width="${0.84 * w}" height="${0.12 * h}" fill="#000" opacity="0.12"/>`;
  const ear = (s: number) => `<ellipse cx="${s * 0.97 * w}" cy="${0.02 * h}" rx="${0.17 * w}" ry="${0.22 * h}" fill="${skin}"/>`;
  return neck + shadow + ear(-1) + ear(1);
}

function faceOval({ faceW: w, faceH: h, jaw, skin }: FaceParams): string {
  const cy = h * (0.35 + 0.35 * jaw);
  const cx = w * (0.35 + 0.4 * jaw);
  return (
    `<path fill="${skin}" d="M0,${-h} C${0.56 * w},${-h} ${w},${-0.56 * h} ${w},0 ` +
    `C${w},${cy} ${cx},${h} 0,${h} C${-cx},${h} ${-w},${cy} ${-w},0 ` +
    `C${-w},${-0.56 * h} ${-0.56 * w},${-h} 0,${-h}Z"/>`
  );
}

function hairBack(p: FaceParams): string {
  const { faceW: w, faceH: h, hair } = p;
  if (p.hairStyle === 'long') {
    return `<path fill="${hair}" d="M${-1.18 * w},${-0.3 * h} C${-1.3 * w},${-1.35 * h} ${1.3 * w},${-1.35 * h} ${1.18 * w},${-0.3 * h} L${1.3 * w},${1.2 * h} Q0,${1.32 * h} ${-1.3 * w},${1.2 * h}Z"/>`;
  }
  if (p.hairStyle === 'bun') return `<circle cx="0" cy="${-1.15 * h}" r="${0.46 * w}" fill="${hair}"/>`;
  if (p.hairStyle !== 'curly' && p.hairStyle !== 'afro') return '';
  const big = p.hairStyle === 'afro';
  const [rx, ry, cy] = big ? [1.55 * w, 1.4 * h, -0.3 * h] : [1.35 * w, 1.2 * h, -0.3 * h];
  let curls = `<ellipse cx="0" cy="${cy}" rx="${rx}" ry="${ry}" fill="${hair}"/>`;
  for (let a = 150; a <= 390; a += 20) {
    const t = (a * Math.PI) / 180;
    curls += `<circle cx="${rx * Math.cos(t)}" cy="${cy + ry * Math.sin(t)}" r="${0.3 * w}" fill="${hair}"/>`;
  }
  return curls;
}

function hairFront(p: FaceParams): string {
  const { faceW: w, faceH: h, hair } = p;
  if (p.hairStyle === 'bald') {
    const side = (s: number) =>
      `<path fill="${hair}" d="M${s * 1.0 * w},${-0.45 * h} Q${s * 1.08 * w},${-0.1 * h} ${s * 0.98 * w},${0.1 * h} L${s * 0.9 * w},${-0.35 * h}Z"/>`;
    return side(-1) + side(1);
  }
  const fringe =
    p.hairStyle === 'sidepart'
      ? `C${0.95 * w},${-0.3 * h} ${0.3 * w},${-0.78 * h} ${-0.25 * w},${-0.74 * h} C${-0.65 * w},${-0.7 * h} ${-0.95 * w},${-0.5 * h} ${-1.03 * w},${-0.1 * h}`
      : `C${0.9 * w},${-0.45 * h} ${0.6 * w},${-0.64 * h} 0,${-0.6 * h} C${-0.6 * w},${-0.64 * h} ${-0.9 * w},${-0.45 * h} ${-1.03 * w},${-0.1 * h}`;
  return (
    `<path fill="${hair}" d="M${-1.03 * w},${-0.1 * h} C${-1.1 * w},${-1.0 * h} ${-0.5 * w},${-1.18 * h} 0,${-1.16 * h} ` +
    `C${0.5 * w},${-1.18 * h} ${1.1 * w},${-1.0 * h} ${1.03 * w},${-0.1 * h} ${fringe}Z"/>`
  );
}

function features(p: FaceParams): string {
  const { faceW: w, faceH: h, eyeSpacing: es, eyeSize: r } = p;
  const ey = -0.12 * h;
  const eye = (s: number) =>
    `<ellipse cx="${s * es}" cy="${ey}" rx="${1.5 * r}" ry="${0.9 * r}" fill="#f4f1ea"/>` +
    `<circle cx="${s * es}" cy="${ey}" r="${0.72 * r}" fill="${p.eyes}"/><circle cx="${s * es}" cy="${ey}" r="${0.32 * r}" fill="#111"/>` +
    `<path d="M${s * es - 1.6 * r},${ey - 0.2 * r} Q${s * es},${ey - 1.5 * r} ${s * es + 1.6 * r},${ey - 0.2 * r}" stroke="#2a1a12" stroke-width="3" fill="none"/>`;
  const brow = (s: number) =>
    `<path d="M${s * (es - p.browWidth * 0.5)},${ey - 2.3 * r} Q${s * es},${ey - 3.0 * r} ${s * (es + p.browWidth * 0.55)},${ey - 2.1 * r}" stroke="${p.hair}" stroke-width="${0.75 * r}" stroke-linecap="round" fill="none"/>`;
  const ny = 0.3 * h;
  const nose =
    `<path d="M${0.12 * w},${ey + r} Q${0.2 * w},${ny - 0.1 * h} ${p.noseWidth},${ny}" stroke="#000" stroke-opacity="0.25" stroke-width="3" fill="none"/>` +
    `<path d="M${-p.noseWidth},${ny} Q0,${ny + 0.08 * h} ${p.noseWidth},${ny}" stroke="#000" stroke-opacity="0.35" stroke-width="4" fill="none"/>`;
  const my = 0.56 * h;
  const mw = p.mouthWidth;
  const mouth =
    `<path fill="${p.lips}" d="M${-mw},${my} Q0,${my - 0.09 * h} ${mw},${my} Q0,${my + 0.14 * h} ${-mw},${my}Z"/>` +
    `<path d="M${-mw},${my} Q0,${my + 0.03 * h} ${mw},${my}" stroke="#3a1510" stroke-width="2.5" fill="none"/>`;
  return beard(p) + eye(-1) + eye(1) + brow(-1) + brow(1) + nose + mouth + glasses(p, ey);
}

function beard({ beard: kind, faceW: w, faceH: h, hair }: FaceParams): string {
  if (kind === 'none') return '';
  const moustache = `<path fill="${hair}" d="M${-0.36 * w},${0.5 * h} Q0,${0.36 * h} ${0.36 * w},${0.5 * h} Q0,${0.46 * h} ${-0.36 * w},${0.5 * h}Z"/>`;
  if (kind === 'goatee') {
    return moustache + `<ellipse cx="0" cy="${0.86 * h}" rx="${0.26 * w}" ry="${0.18 * h}" fill="${hair}"/>`;
  }
  return (
    moustache +
    `<path fill="${hair}" d="M${-1.0 * w},${0.0 * h} C${-1.02 * w},${0.9 * h} ${-0.5 * w},${1.14 * h} 0,${1.14 * h} ` +
    `C${0.5 * w},${1.14 * h} ${1.02 * w},${0.9 * h} ${1.0 * w},${0.0 * h} L${0.82 * w},${0.05 * h} ` +
    `C${0.7 * w},${0.5 * h} ${0.4 * w},${0.74 * h} 0,${0.72 * h} C${-0.4 * w},${0.74 * h} ${-0.7 * w},${0.5 * h} ${-0.82 * w},${0.05 * h}Z"/>`
  );
}

function glasses({ glasses: on, eyeSpacing: es, eyeSize: r }: FaceParams, ey: number): string {
  if (!on) return '';
  const lens = (s: number) =>
    `<rect x="${s * es - 1.9 * r}" y="${ey - 1.35 * r}" width="${3.8 * r}" height="${2.7 * r}" rx="${0.8 * r}" fill="#dde8ff" fill-opacity="0.12" stroke="#1b1b1b" stroke-width="4.5"/>`;
  return lens(-1) + lens(1) + `<path d="M${-es + 1.9 * r},${ey} Q0,${ey - r} ${es - 1.9 * r},${ey}" stroke="#1b1b1b" stroke-width="4" fill="none"/>`;
}
