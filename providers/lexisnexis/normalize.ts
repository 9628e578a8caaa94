/**
 * TrueID conversation → `IdvResult` (docs/references.md, "Vendor APIs: LexisNexis TrueID"). Login.gov counts success as
 * TransactionStatus "passed" && ProductStatus "pass" && DocAuthResult "Passed" (+ FaceMatchResult
 * "Pass" with a selfie). Liveness is a separate signal in `FaceErrorMessage`. DocAuthResult
 * Caution/Attention asks for a human: `review`.
 */
import { ProviderError, type IdvResult } from '../contract';
import { fromParts } from '../vendor-http/isoDate';
import { toAlpha3 } from '../vendor-http/alpha3';
import type { Parameter, TrueIdResponse } from './schemas';

const REVIEW_RESULTS = new Set(['Caution', 'Attention']);

export function normalizeTrueId(response: TrueIdResponse): IdvResult {
  const { Status } = response;
  if (Status.TransactionStatus === 'error') {
    // communications_error / internal_application_error: the vendor failed, not the user.
    throw new ProviderError('idv.vendor_unavailable', `lexisnexis: ${Status.TransactionReasonCode?.Code ?? 'error'}`, { transient: true });
  }
  const product = response.Products.find((p) => p.ProductType === 'TrueID');
  const read = reader(product?.ParameterDetails ?? []);
  const docAuth = read.required('DocAuthResult');
  const faceMatch = read.required('FaceMatchResult');
  const faceMessage = read.required('FaceErrorMessage');
  const live = /Liveness: Live\b/.test(faceMessage);
  const alerts = failedAlerts(product?.ParameterDetails ?? []);
  const expired = alerts.includes('Document Expired');
  const allPass = Status.TransactionStatus === 'passed' && product?.ProductStatus === 'pass' && docAuth === 'Passed' && faceMatch === 'Pass' && live;
  const review = REVIEW_RESULTS.has(docAuth) && faceMatch === 'Pass' && live;
  const score = Number(read.optional('FaceMatchScore'));
  return {
    provider: 'lexisnexis',
    vendorReference: Status.ConversationId,
    decision: allPass ? 'approved' : review ? 'review' : 'declined',
    faceMatch: {
      passed: faceMatch === 'Pass',
      score: Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : null,
      rawScore: read.optional('FaceMatchScore') ?? null,
      scale: 'lexisnexis:FaceMatchScore 0-100',
    },
    liveness: { passed: live, raw: faceMessage },
    // An expired but genuine document fails only the "Document Expired" alert.
    document: { authentic: docAuth === 'Passed' || (expired && alerts.every((a) => a === 'Document Expired')), expired, raw: docAuth },
    claims: claimsOf(read),
    reasonCodes: reasonCodes(docAuth, faceMatch, faceMessage, alerts),
  };
}

interface Reader {
  optional(name: string): string | undefined;
  required(name: string): string;
}

function reader(parameters: Parameter[]): Reader {
  const optional = (name: string) => parameters.find((p) => p.Name === name)?.Values[0]?.Value;
  return {
    optional,
    required: (name) => {
      const value = optional(name);
      if (value === undefined) throw new ProviderError('idv.vendor_malformed', `lexisnexis: TrueID product lacks ${name}`, { transient: true });
      return value;
    },
  };
}

/** `Alert_N_AlertName` whose `Alert_N_AuthenticationResult` is not Passed. */
function failedAlerts(parameters: Parameter[]): string[] {
  const names = parameters.filter((p) => /^Alert_\d+_AlertName$/.test(p.Name));
  return names.flatMap((p) => {
    const result = parameters.find((q) => q.Name === p.Name.replace('AlertName', 'AuthenticationResult'))?.Values[0]?.Value;
    const name = p.Values[0]?.Value;
    return name !== undefined && result !== undefined && result !== 'Passed' ? [name] : [];
  });
}

/** IDAUTH_FIELD_DATA first, the AUTHENTICATION_RESULT spelling (`DOB_Year`...) as fallback. */
function claimsOf(read: Reader): IdvResult['claims'] {
  const givenName = read.optional('Fields_FirstName');
  const familyName = read.optional('Fields_Surname');
  if (givenName === undefined || familyName === undefined) return null;
  const date = (prefix: string) =>
    fromParts(read.optional(`Fields_${prefix}_Year`), read.optional(`Fields_${prefix}_Month`), read.optional(`Fields_${prefix}_Day`)) ??
    fromParts(read.optional(`${prefix}_Year`), read.optional(`${prefix}_Month`), read.optional(`${prefix}_Day`));
  return {
    givenName,
    familyName,
    birthDate: date('DOB'),
    documentNumber: read.optional('Fields_DocumentNumber') ?? null,
    expiryDate: date('ExpirationDate'),
    // Login.gov reads the issuing country from Fields_CountryCode ("USA"); DocIssuerCode is the
    // state ("VA") on a driving licence, so it is not used (docs/references.md, "Vendor APIs: LexisNexis TrueID").
    issuingCountry: toAlpha3(read.optional('Fields_CountryCode')),
  };
}

function reasonCodes(docAuth: string, faceMatch: string, faceMessage: string, alerts: string[]): string[] {
  const codes = alerts.map((a) => `lexisnexis:Alert:${a}`);
  if (docAuth !== 'Passed') codes.push(`lexisnexis:DocAuthResult:${docAuth}`);
  if (faceMatch !== 'Pass') codes.push(`lexisnexis:FaceMatchResult:${faceMatch}`);
  const liveness = /Liveness: \w+/.exec(faceMessage)?.[0];
  if (liveness !== undefined && liveness !== 'Liveness: Live') codes.push(`lexisnexis:${liveness}`);
  return codes;
}
