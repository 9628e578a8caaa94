/**
 * The fixture people (generator input only). The engine never imports this file: it must find out
 * who is on a document from the pixels (see the import test in analyzeEvidence.test.ts).
 */
import type { CardStyle } from './synthCard';
import type { FaceParams } from './synthFace';
import type { DocumentClaims } from './types';

export interface FixturePerson {
  /** Directory username the fixture is meant to recover. */
  username: string;
  claims: DocumentClaims;
  face: FaceParams;
  card: CardStyle;
  /** Two ends of the selfie's background gradient. */
  selfieBackground: [string, string];
}

const face = (base: Partial<FaceParams> & Pick<FaceParams, 'skin' | 'hair' | 'hairStyle'>): FaceParams => ({
  eyes: '#4a2e1a',
  lips: '#b05a5e',
  shirt: '#34495e',
  beard: 'none',
  glasses: false,
  faceW: 92,
  faceH: 124,
  jaw: 0.4,
  eyeSpacing: 38,
  eyeSize: 11,
  browWidth: 34,
  noseWidth: 15,
  mouthWidth: 30,
  ...base,
});

const SPAIN: CardStyle = { paper: '#f3e7d9', ink: '#8a3b2a', band: '#a8322a', portraitBackground: '#dfe5ec' };
const US_DMV: CardStyle = { paper: '#e4ecf5', ink: '#1f3f6e', band: '#24487d', portraitBackground: '#e8e4da' };

export const ROSTER: Record<string, FixturePerson> = {
  'ana-garcia': {
    username: 'ana.garcia',
    claims: {
      givenName: 'Ana María',
      familyName: 'García Núñez',
      birthDate: '1990-04-12',
      documentNumber: 'ESA847261',
      expiryDate: '2031-06-14',
      documentType: 'ID_CARD',
      issuingCountry: 'ESP',
    },
    face: face({ skin: '#d9a88a', hair: '#3b2416', hairStyle: 'long', eyes: '#6b4226', lips: '#b5545c', shirt: '#2f4f7f', faceW: 90, faceH: 124, jaw: 0.2 }),
    card: SPAIN,
    selfieBackground: ['#8cc0b0', '#5e9aa6'],
  },
  'ben-okafor': {
    username: 'ben.okafor',
    claims: {
      givenName: 'Benjamin',
      familyName: 'Okafor',
      birthDate: '1985-11-03',
      documentNumber: 'D48213975',
      expiryDate: '2029-11-03',
      documentType: 'DRIVERS_LICENSE',
      issuingCountry: 'USA',
    },
    face: face({
      skin: '#6b4329',
      hair: '#151010',
      hairStyle: 'short',
      beard: 'full',
      eyes: '#3d2614',
      lips: '#7a3b35',
      shirt: '#8c2f2f',
      faceW: 102,
      faceH: 122,
      jaw: 0.85,
      eyeSpacing: 42,
      eyeSize: 10,
      browWidth: 40,
      noseWidth: 22,
      mouthWidth: 36,
    }),
    card: US_DMV,
    selfieBackground: ['#c9d6e3', '#98b2cc'],
  },
  'chen-wei': {
    username: 'wei.chen',
    claims: {
      givenName: 'Wei',
      familyName: 'Chen',
      birthDate: '1978-02-28',
      documentNumber: 'E39284716',
      expiryDate: '2032-02-27',
      documentType: 'PASSPORT',
      issuingCountry: 'CHN',
    },
    face: face({
      skin: '#e0b894',
      hair: '#0f0f14',
      hairStyle: 'sidepart',
      glasses: true,
      eyes: '#2b1d14',
      lips: '#b8646a',
      shirt: '#3e6b48',
      faceW: 84,
      faceH: 132,
      jaw: 0.5,
      eyeSpacing: 35,
      eyeSize: 9,
      browWidth: 30,
      mouthWidth: 26,
    }),
    card: { paper: '#f4e6e6', ink: '#7a1f2a', band: '#8e1b28', portraitBackground: '#f0f0ee' },
    selfieBackground: ['#b9a9d6', '#9a87c2'],
  },
  'dana-kowalski': {
    username: 'dana.kowalski',
    claims: {
      givenName: 'Dana',
      familyName: 'Kowalski',
      birthDate: '1982-07-19',
      documentNumber: 'AYK503118',
      expiryDate: '2030-07-19',
      documentType: 'ID_CARD',
      issuingCountry: 'POL',
    },
    face: face({
      skin: '#e8c0a4',
      hair: '#d2aa5a',
      hairStyle: 'bun',
      eyes: '#4a7bb0',
      lips: '#c7606e',
      shirt: '#5a3d7a',
      faceW: 98,
      faceH: 114,
      jaw: 0.05,
      eyeSpacing: 41,
      eyeSize: 12.5,
      browWidth: 31,
      noseWidth: 12,
      mouthWidth: 27,
    }),
    card: { paper: '#eef0e6', ink: '#5a3040', band: '#b0243a', portraitBackground: '#dde6ee' },
    selfieBackground: ['#86b3d9', '#5d8fc2'],
  },
  'erik-lindqvist': {
    username: 'erik.lindqvist',
    claims: {
      givenName: 'Erik Johan',
      familyName: 'Lindqvist',
      birthDate: '1995-09-30',
      documentNumber: 'SE7731402',
      expiryDate: '2033-09-29',
      documentType: 'ID_CARD',
      issuingCountry: 'SWE',
    },
    face: face({
      skin: '#e3b39a',
      hair: '#b5532a',
      hairStyle: 'bald',
      beard: 'full',
      eyes: '#5d8aa8',
      lips: '#b86a66',
      shirt: '#24343f',
      faceW: 96,
      faceH: 134,
      jaw: 0.95,
      eyeSpacing: 39,
      eyeSize: 10.5,
      browWidth: 38,
      noseWidth: 17,
      mouthWidth: 31,
    }),
    card: { paper: '#e6eef6', ink: '#154a7a', band: '#1a5c99', portraitBackground: '#e4e9ee' },
    selfieBackground: ['#8fba83', '#6a9c63'],
  },
  'fatima-haddad': {
    username: 'fatima.haddad',
    claims: {
      givenName: 'Fatima',
      familyName: 'Haddad',
      birthDate: '1988-05-06',
      documentNumber: 'H20518463',
      expiryDate: '2024-01-31',
      documentType: 'DRIVERS_LICENSE',
      issuingCountry: 'USA',
    },
    face: face({
      skin: '#a8714f',
      hair: '#241612',
      hairStyle: 'afro',
      eyes: '#3a2212',
      lips: '#8e4048',
      shirt: '#c08a2a',
      faceW: 88,
      faceH: 118,
      jaw: 0.3,
      eyeSpacing: 37,
      eyeSize: 12,
      browWidth: 33,
      noseWidth: 16,
      mouthWidth: 29,
    }),
    card: US_DMV,
    selfieBackground: ['#d7d0e8', '#b4c7e0'],
  },
};

/** The presentation attack: Ben's own document, and a selfie re-photographed from its portrait. */
export const REPLAY_FIXTURE = { name: 'spoof-replay', victim: 'ben-okafor' } as const;
