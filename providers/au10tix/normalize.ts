/**
 * Au10tix BOS result → `IdvResult`, with the integer codes of docs/references.md, "Vendor APIs: Au10tix". PrimaryProcessingResult
 * 0 = passed, 20 = conditional and 120 = forwarded to DoubleCheck (both `review`); any other code
 * declines. Au10tix gives no numeric face score (`score: null`); rawScore is the CompletionStatus.
 */
import type { IdvResult } from '../contract';
import { toIsoDate } from '../vendor-http/isoDate';
import { toAlpha3 } from '../vendor-http/alpha3';
import type { ResultResponse } from './schemas';

const PASSED = 0;
const REVIEW = new Set([20, 120]);
/** ProcessingResultRemarks: 20 an auth test failed, 100 expired, 940 deepfake. */
const REMARK = { authFailed: 20, expired: 100, deepfake: 940 } as const;
/** RiskManagementRemarks: 10 face comparison failed, 15 overmatched, 18 irregular face status. */
const FACE_RISKS = new Set([10, 15, 18]);
/** 1210 liveness failed, 1410 deepfake, 1480 injection detected in secure selfie capture. */
const LIVENESS_RISKS = new Set([1210, 1410, 1480]);

export function normalizeAu10tix(requestId: string, response: ResultResponse): IdvResult {
  const data = response.ResultData;
  const doc = data.DocumentStatusReport2;
  const risk = data.RiskManagementReport?.EffectiveConclusion;
  const riskRemarks = risk?.Reasons?.RiskManagementRemarks ?? [];
  // "20 or a missing report → rejected" (docs/references.md, "Vendor APIs: Au10tix").
  const faceStatus = data.FaceComparisonReport?.CompletionStatus ?? null;
  const facePassed = faceStatus === PASSED && !riskRemarks.some((r) => FACE_RISKS.has(r));
  const livenessFailures = riskRemarks.filter((r) => LIVENESS_RISKS.has(r));
  const live = livenessFailures.length === 0 && !doc.ProcessingResultRemarks.includes(REMARK.deepfake);
  const expired = doc.ProcessingResultRemarks.includes(REMARK.expired);
  const results = [doc.PrimaryProcessingResult, risk?.PrimaryProcessingResult ?? PASSED];
  const allPassed = results.every((r) => r === PASSED);
  const reviewable = results.every((r) => r === PASSED || REVIEW.has(r));
  return {
    provider: 'au10tix',
    vendorReference: requestId,
    decision: facePassed && live && allPassed ? 'approved' : facePassed && live && reviewable ? 'review' : 'declined',
    faceMatch: { passed: facePassed, score: null, rawScore: faceStatus === null ? null : String(faceStatus), scale: 'au10tix:CompletionStatus(0=ok)' },
    liveness: { passed: live, raw: live ? 'no liveness remarks' : `remarks:${[...livenessFailures, ...deepfake(doc.ProcessingResultRemarks)].join(',')}` },
    document: {
      // An expired but genuine document fails with 40 + remark 100 and no failed auth test.
      authentic:
        doc.PrimaryProcessingResult === PASSED ||
        REVIEW.has(doc.PrimaryProcessingResult) ||
        (expired && !doc.ProcessingResultRemarks.includes(REMARK.authFailed) && doc.PrimaryProcessingResult === 40),
      expired,
      raw: `PrimaryProcessingResult:${doc.PrimaryProcessingResult}`,
    },
    claims: claimsOf(data.DocumentData2, data.ProcessingResult?.DocumentTypeDescriptor?.CountryIso3),
    reasonCodes: [
      ...(doc.PrimaryProcessingResult === PASSED ? [] : [`au10tix:document:${doc.PrimaryProcessingResult}`]),
      ...doc.ProcessingResultRemarks.filter((r) => r !== 0).map((r) => `au10tix:remark:${r}`),
      ...riskRemarks.map((r) => `au10tix:risk:${r}`),
      ...(faceStatus === PASSED ? [] : [`au10tix:face:${faceStatus ?? 'missing'}`]),
    ],
  };
}

function deepfake(remarks: number[]): number[] {
  return remarks.filter((r) => r === REMARK.deepfake);
}

function claimsOf(data: ResultResponse['ResultData']['DocumentData2'], countryIso3: string | null | undefined): IdvResult['claims'] {
  if (!data || data.FirstName === null || data.LastName === null) return null;
  return {
    givenName: data.FirstName,
    familyName: data.LastName,
    birthDate: toIsoDate(data.DateOfBirth),
    documentNumber: data.DocumentNumber,
    expiryDate: toIsoDate(data.DateOfExpiry),
    issuingCountry: toAlpha3(countryIso3),
  };
}
