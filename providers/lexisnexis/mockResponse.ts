/**
 * How the mock TrueID turns the shared evidence analysis into a conversation response, following
 * the groups and names of Login.gov's fixtures (docs/references.md, "Vendor APIs: LexisNexis TrueID"). Every value is a string; months and
 * days are not zero-padded, as in those fixtures.
 */
import { FACE_SIMILARITY_THRESHOLD } from '../mock-kit/face';
import type { EvidenceAnalysis } from '../mock-kit/types';
import type { Parameter, TrueIdResponse } from './schemas';

export interface ConversationIds {
  conversationId: string;
  requestId: string;
  reference: string;
}

type Group = 'AUTHENTICATION_RESULT' | 'IDAUTH_FIELD_DATA' | 'PORTRAIT_MATCH_RESULT';
const param = (Group: Group, Name: string, Value: string): Parameter => ({ Group, Name, Values: [{ Value }] });

export function buildTrueIdResponse(analysis: EvidenceAnalysis, ids: ConversationIds): TrueIdResponse {
  const { document, face, liveness } = analysis;
  const docAuth = !document.authentic || document.expired ? 'Failed' : !document.readable ? 'Attention' : 'Passed';
  const faceFound = face.selfieFaceFound && face.portraitFound;
  const facePass = faceFound && face.similarity >= FACE_SIMILARITY_THRESHOLD;
  const passed = docAuth === 'Passed' && facePass && liveness.live;
  const parameters = [
    param('AUTHENTICATION_RESULT', 'DocAuthResult', docAuth),
    ...alerts(document),
    ...claimParameters(document.claims),
    param('PORTRAIT_MATCH_RESULT', 'FaceMatchResult', facePass ? 'Pass' : 'Fail'),
    param('PORTRAIT_MATCH_RESULT', 'FaceMatchScore', String(faceFound ? Math.round(face.similarity * 100) : 0)),
    param('PORTRAIT_MATCH_RESULT', 'FaceStatusCode', '1'),
    param('PORTRAIT_MATCH_RESULT', 'FaceErrorMessage', livenessMessage(liveness)),
  ];
  const reason = passed
    ? { Code: 'trueid_pass', Description: 'TRUEID PASS' }
    : { Code: 'failed_true_id', Description: 'Failed: TrueID document authentication' };
  return {
    Status: {
      ConversationId: ids.conversationId,
      RequestId: ids.requestId,
      TransactionStatus: passed ? 'passed' : 'failed',
      TransactionReasonCode: reason,
      Reference: ids.reference,
    },
    Products: [
      { ProductType: 'TrueID', ExecutedStepName: 'True_ID_Step', ProductStatus: 'pass', ParameterDetails: parameters },
      { ProductType: 'TrueID_Decision', ExecutedStepName: 'Decision', ProductStatus: passed ? 'pass' : 'fail', ProductReason: reason },
    ],
  };
}

/** The synchronous "error" answer, e.g. when the engine failed (communications_error fixture). */
export function buildErrorResponse(ids: ConversationIds): TrueIdResponse {
  return {
    Status: {
      ConversationId: ids.conversationId,
      RequestId: ids.requestId,
      TransactionStatus: 'error',
      TransactionReasonCode: { Code: 'internal_application_error', Description: 'Error: Internal' },
      Reference: ids.reference,
    },
    Products: [],
    Information: [{ InformationType: 'error-details', Code: 'internal_application_error', Description: 'Error: Internal' }],
  };
}

/** "Successful. Liveness: Live" | "Liveness: NotLive" | "Liveness: PoorQuality" (selfie_concern.rb). */
function livenessMessage(liveness: EvidenceAnalysis['liveness']): string {
  if (liveness.live) return 'Successful. Liveness: Live';
  return liveness.reason === 'no_face' ? 'Liveness: PoorQuality' : 'Liveness: NotLive';
}

/** Alert names as they appear in Login.gov's fixtures. */
function alerts(document: EvidenceAnalysis['document']): Parameter[] {
  const checks: Array<[string, string]> = [
    ['Document Expired', document.expired ? 'Failed' : 'Passed'],
    ['Document Number Crosscheck', document.issues.includes('check_digit_mismatch') || !document.authentic ? 'Failed' : 'Passed'],
    ['2D Barcode Read', document.readable ? 'Passed' : 'Attention'],
  ];
  return checks.flatMap(([name, result], i) => [
    param('AUTHENTICATION_RESULT', `Alert_${i + 1}_AlertName`, name),
    param('AUTHENTICATION_RESULT', `Alert_${i + 1}_AuthenticationResult`, result),
  ]);
}

function claimParameters(claims: EvidenceAnalysis['document']['claims']): Parameter[] {
  if (claims === null) return [];
  const [birthYear, birthMonth, birthDay] = splitDate(claims.birthDate);
  const [expYear, expMonth, expDay] = splitDate(claims.expiryDate);
  return [
    param('AUTHENTICATION_RESULT', 'FullName', `${claims.givenName} ${claims.familyName}`),
    param('AUTHENTICATION_RESULT', 'DocIssuerCode', claims.issuingCountry),
    param('AUTHENTICATION_RESULT', 'DOB_Year', birthYear),
    param('AUTHENTICATION_RESULT', 'DOB_Month', birthMonth),
    param('AUTHENTICATION_RESULT', 'DOB_Day', birthDay),
    param('AUTHENTICATION_RESULT', 'ExpirationDate_Year', expYear),
    param('AUTHENTICATION_RESULT', 'ExpirationDate_Month', expMonth),
    param('AUTHENTICATION_RESULT', 'ExpirationDate_Day', expDay),
    param('IDAUTH_FIELD_DATA', 'Fields_FirstName', claims.givenName),
    param('IDAUTH_FIELD_DATA', 'Fields_Surname', claims.familyName),
    param('IDAUTH_FIELD_DATA', 'Fields_DOB_Year', birthYear),
    param('IDAUTH_FIELD_DATA', 'Fields_DOB_Month', birthMonth),
    param('IDAUTH_FIELD_DATA', 'Fields_DOB_Day', birthDay),
    param('IDAUTH_FIELD_DATA', 'Fields_DocumentNumber', claims.documentNumber),
    param('IDAUTH_FIELD_DATA', 'Fields_CountryCode', claims.issuingCountry),
  ];
}

/** `1990-03-04` → `['1990', '3', '4']`. */
function splitDate(iso: string): [string, string, string] {
  const [y = '', m = '', d = ''] = iso.split('-');
  return [y, String(Number(m)), String(Number(d))];
}
