/**
 * How the mock BOS turns the shared evidence analysis into a result with the integer codes of
 * docs/references.md, "Vendor APIs: Au10tix". Document: 0 passed, 40 failed/resubmit (expired), 70 rejected (auth test failed),
 * 80 not recognised. Remarks: 20 auth test failed, 100 expired, 180 not recognised, 920/930 no face
 * on document/selfie. Risk: 10 face comparison failed, 1210 liveness failed.
 */
import { FACE_SIMILARITY_THRESHOLD } from '../mock-kit/face';
import type { EvidenceAnalysis } from '../mock-kit/types';
import type { ResultResponse } from './schemas';

export function buildBosResult(requestId: string, analysis: EvidenceAnalysis): ResultResponse {
  const { document, face, liveness } = analysis;
  const compared = face.portraitFound && face.selfieFaceFound;
  const faceOk = compared && face.similarity >= FACE_SIMILARITY_THRESHOLD;
  const riskRemarks = [...(compared && !faceOk ? [10] : []), ...(liveness.live ? [] : [1210])];
  return {
    RequestId: requestId,
    ResultData: {
      DocumentStatusReport2: { PrimaryProcessingResult: documentResult(document), ProcessingResultRemarks: documentRemarks(analysis) },
      // No comparison → no report, which BOS consumers read as rejected.
      FaceComparisonReport: compared ? { CompletionStatus: faceOk ? 0 : 20 } : null,
      RiskManagementReport: {
        EffectiveConclusion: { PrimaryProcessingResult: riskRemarks.length > 0 ? 70 : 0, Reasons: { RiskManagementRemarks: riskRemarks } },
      },
      DocumentData2:
        document.claims === null
          ? null
          : {
              FirstName: document.claims.givenName,
              LastName: document.claims.familyName,
              DateOfBirth: `${document.claims.birthDate}T00:00:00`,
              DocumentNumber: document.claims.documentNumber,
              DateOfExpiry: `${document.claims.expiryDate}T00:00:00`,
            },
      // The issuing state comes from the data zone, as an MRZ's does (ICAO Doc 9303).
      ProcessingResult:
        document.claims === null
          ? null
          : {
              DocumentTypeDescriptor: { CountryIso3: document.claims.issuingCountry, DocumentType: document.claims.documentType },
            },
    },
  };
}

/** The engine could not process the images at all: 100 = extremely low quality / non-ID. */
export function unprocessableResult(requestId: string): ResultResponse {
  return {
    RequestId: requestId,
    ResultData: { DocumentStatusReport2: { PrimaryProcessingResult: 100, ProcessingResultRemarks: [] }, FaceComparisonReport: null },
  };
}

function documentResult(document: EvidenceAnalysis['document']): number {
  if (!document.readable) return 80;
  if (!document.authentic) return 70;
  if (document.expired) return 40;
  return 0;
}

function documentRemarks({ document, face }: EvidenceAnalysis): number[] {
  const remarks = [
    ...(document.authentic ? [] : [20]),
    ...(document.expired ? [100] : []),
    ...(document.readable ? [] : [180]),
    ...(face.portraitFound ? [] : [920]),
    ...(face.selfieFaceFound ? [] : [930]),
  ];
  return remarks.length > 0 ? remarks : [0];
}
