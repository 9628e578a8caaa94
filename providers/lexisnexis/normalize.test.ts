import { ProviderError } from '../contract';
import { normalizeTrueId } from './normalize';
import type { TrueIdResponse } from './schemas';

/** A TrueID response in the Login.gov fixtures' shape, with the given parameters. */
function response(status: 'passed' | 'failed' | 'error', params: Record<string, string>): TrueIdResponse {
  return {
    Status: { ConversationId: '70000300394121', TransactionStatus: status },
    Products: [
      {
        ProductType: 'TrueID',
        ProductStatus: 'pass',
        ParameterDetails: Object.entries(params).map(([Name, Value]) => ({ Group: 'X', Name, Values: [{ Value }] })),
      },
    ],
  };
}
const face = { FaceMatchResult: 'Pass', FaceMatchScore: '99', FaceErrorMessage: 'Successful. Liveness: Live' };

describe('normalizeTrueId', () => {
  it('reads claims from AUTHENTICATION_RESULT when IDAUTH_FIELD_DATA lacks the dates', () => {
    const result = normalizeTrueId(
      response('passed', {
        ...face,
        DocAuthResult: 'Passed',
        Fields_FirstName: 'DAVID',
        Fields_Surname: 'SAMPLE',
        DOB_Year: '1985',
        DOB_Month: '7',
        DOB_Day: '1',
        ExpirationDate_Year: '2099',
        ExpirationDate_Month: '10',
        ExpirationDate_Day: '15',
      }),
    );
    expect(result.decision).toBe('approved');
    expect(result.claims).toEqual({
      givenName: 'DAVID',
      familyName: 'SAMPLE',
      birthDate: '1985-07-01',
      documentNumber: null,
      expiryDate: '2099-10-15',
      issuingCountry: null,
    });
  });

  it('reads the issuing country from Fields_CountryCode, never from the state in DocIssuerCode', () => {
    const names = { ...face, DocAuthResult: 'Passed', Fields_FirstName: 'DAVID', Fields_Surname: 'SAMPLE' };
    expect(normalizeTrueId(response('passed', { ...names, DocIssuerCode: 'VA', Fields_CountryCode: 'usa' })).claims?.issuingCountry).toBe('USA');
    expect(normalizeTrueId(response('passed', { ...names, DocIssuerCode: 'VA' })).claims?.issuingCountry).toBeNull();
  });

  it('sends Caution / Attention to review', () => {
    expect(normalizeTrueId(response('failed', { ...face, DocAuthResult: 'Caution' })).decision).toBe('review');
    expect(normalizeTrueId(response('failed', { ...face, DocAuthResult: 'Attention' })).decision).toBe('review');
  });

  it('keeps liveness separate from the face match ("Pass" + NotLive declines)', () => {
    const result = normalizeTrueId(response('failed', { ...face, DocAuthResult: 'Passed', FaceErrorMessage: 'Liveness: NotLive' }));
    expect(result).toMatchObject({ decision: 'declined', faceMatch: { passed: true }, liveness: { passed: false } });
    expect(result.reasonCodes).toContain('lexisnexis:Liveness: NotLive');
  });

  it('treats TransactionStatus "error" as a transient vendor failure', () => {
    expect(() => normalizeTrueId(response('error', {}))).toThrow(expect.objectContaining({ code: 'idv.vendor_unavailable', transient: true }));
  });

  it('treats a TrueID product without DocAuthResult as malformed', () => {
    const call = () => normalizeTrueId(response('passed', face));
    expect(call).toThrow(ProviderError);
    expect(call).toThrow(expect.objectContaining({ code: 'idv.vendor_malformed', transient: true }));
  });
});
