/**
 * The name a signed-in person is audited under. An e-mail address names them only when the OP
 * verified it: at OPs where people type their own address, a colleague's unverified address
 * would otherwise claim the colleague's name (and pass four-eyes as them).
 */
import { staffNameFromClaims } from '../../src/staff/roles';

describe('staff names from ID token claims', () => {
  it('uses a verified e-mail address, lower-cased', () => {
    expect(staffNameFromClaims({ sub: 's1', email: 'Alex.Agent@Example.test', email_verified: true, preferred_username: 'alex' })).toBe(
      'alex.agent@example.test',
    );
  });

  it.each([[false], ['true'], [undefined]])('ignores an e-mail address whose email_verified is %p', (verified) => {
    expect(staffNameFromClaims({ sub: 's1', email: 'ceo@example.test', email_verified: verified, preferred_username: 'mallory' })).toBe('mallory');
  });

  it('falls back to the subject when nothing else names the person', () => {
    expect(staffNameFromClaims({ sub: 'S-42', email: 'ceo@example.test', preferred_username: '  ' })).toBe('s-42');
  });
});
