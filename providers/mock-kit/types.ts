/**
 * What the mock vendors' shared "biometric engine" sees in a submission. Every field is computed
 * from the image pixels (face comparison, document portrait, QR/MRZ-style data zone), never from
 * file names, metadata or a list of known people.
 */
export interface EvidenceImages {
  selfie: Buffer;
  documentFront: Buffer;
  documentBack?: Buffer;
}

export interface DocumentClaims {
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  documentNumber: string;
  /** YYYY-MM-DD */
  expiryDate: string;
  documentType: 'ID_CARD' | 'DRIVERS_LICENSE' | 'PASSPORT';
  /** ISO 3166-1 alpha-3 */
  issuingCountry: string;
}

export interface EvidenceAnalysis {
  face: {
    /** 0..1; 1 = identical faces. Compared after locating each face in its image. */
    similarity: number;
    selfieFaceFound: boolean;
    portraitFound: boolean;
  };
  liveness: {
    live: boolean;
    /** Why not live, e.g. `portrait_replay` (the selfie is a copy of the ID portrait), `no_face`. */
    reason: string | null;
  };
  document: {
    /** The data zone decoded. */
    readable: boolean;
    /** Data zone check digits valid and the layout is the issuer's template. */
    authentic: boolean;
    expired: boolean;
    claims: DocumentClaims | null;
    /**
     * Short machine codes: `unreadable_data_zone`, `check_digit_mismatch`, `expired`, `no_portrait`,
     * `layout_mismatch` (the image is not ID-1 shaped, so it is not the issuer's template).
     */
    issues: string[];
  };
}
