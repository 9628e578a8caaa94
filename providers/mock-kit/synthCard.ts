import sharp from 'sharp';
import { encodeDataZone } from './dataZone';
import { BACK_QR_RECT, CARD, FRONT_FIELDS, FRONT_QR_RECT, HEADER_HEIGHT, PORTRAIT_RECT } from './documentTemplate';
import type { FaceParams } from './synthFace';
import { printQr } from './synthQr';
import { placedFace } from './synthSelfie';
import type { DocumentClaims } from './types';

/** The issuer's colours; one per fixture so cards look different but share the template. */
export interface CardStyle {
  paper: string;
  ink: string;
  band: string;
  portraitBackground: string;
}

const TYPE_TITLES: Record<DocumentClaims['documentType'], string> = {
  ID_CARD: 'IDENTITY CARD',
  DRIVERS_LICENSE: 'DRIVER LICENSE',
  PASSPORT: 'PASSPORT CARD',
};
const FONT = `font-family="DejaVu Sans"`;

/** Front: issuer band, guilloche, portrait in PORTRAIT_RECT, printed fields and the data-zone QR. */
export async function renderDocumentFront(claims: DocumentClaims, face: FaceParams, style: CardStyle): Promise<Buffer> {
  const p = PORTRAIT_RECT;
  const portrait =
    `<svg x="${p.left}" y="${p.top}" width="${p.width}" height="${p.height}"><rect width="100%" height="100%" fill="${style.portraitBackground}"/>` +
    placedFace(face, { width: p.width, height: p.height, margin: 0.07, dx: 0, dy: 0 }) +
    `</svg><rect x="${p.left - 2}" y="${p.top - 2}" width="${p.width + 4}" height="${p.height + 4}" fill="none" stroke="${style.ink}" stroke-width="2"/>`;
  const fields = FRONT_FIELDS.map(
    (slot) =>
      `<text x="${slot.x}" y="${slot.y}" ${FONT} font-size="15" fill="${style.ink}" opacity="0.75">${slot.label}</text>` +
      `<text x="${slot.x}" y="${slot.y + 30}" ${FONT} font-size="25" font-weight="bold" fill="#141414">${xml(printed(claims, slot.field))}</text>`,
  ).join('');
  const card = await sharp(Buffer.from(cardSvg(claims, style, portrait + fields)))
    .removeAlpha()
    .png()
    .toBuffer();
  return printQr(card, encodeDataZone(claims), FRONT_QR_RECT);
}

/** Back: the same data zone in a second QR, plus printed issuer text. */
export async function renderDocumentBack(claims: DocumentClaims, style: CardStyle): Promise<Buffer> {
  const lines = [
    `Document ${claims.documentNumber} · issued by ${claims.issuingCountry}`,
    'This document remains the property of the issuer.',
    'If found, return it to the nearest consulate.',
    'The QR code holds the machine-readable data zone.',
  ];
  const text = lines.map((line, i) => `<text x="400" y="${220 + i * 44}" ${FONT} font-size="19" fill="#222">${xml(line)}</text>`).join('');
  const card = await sharp(Buffer.from(cardSvg(claims, style, text)))
    .removeAlpha()
    .png()
    .toBuffer();
  return printQr(card, encodeDataZone(claims), BACK_QR_RECT);
}

function cardSvg(claims: DocumentClaims, style: CardStyle, body: string): string {
  const { width, height } = CARD;
  const title = `${claims.issuingCountry} · ${TYPE_TITLES[claims.documentType]}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="${style.paper}"/>${guilloche(style.ink)}` +
    `<rect width="100%" height="${HEADER_HEIGHT}" fill="${style.band}"/>` +
    `<text x="40" y="60" ${FONT} font-size="34" font-weight="bold" fill="#fff">${xml(title)}</text>` +
    `${body}</svg>`
  );
}

/** Security-print style wavy lines; faint so they never compete with the portrait or the QR. */
function guilloche(ink: string): string {
  let paths = '';
  for (let k = 0; k < 18; k++) {
    let d = '';
    for (let x = 0; x <= CARD.width; x += 12) {
      const y = HEADER_HEIGHT + 20 + k * 30 + 14 * Math.sin(x / 47 + k * 0.7) + 6 * Math.sin(x / 13 + k);
      d += `${x === 0 ? 'M' : 'L'}${x},${y.toFixed(1)}`;
    }
    paths += `<path d="${d}" stroke="${ink}" stroke-opacity="0.13" stroke-width="1.5" fill="none"/>`;
  }
  return paths;
}

function printed(claims: DocumentClaims, field: (typeof FRONT_FIELDS)[number]['field']): string {
  return field === 'documentType' ? TYPE_TITLES[claims.documentType] : claims[field];
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
