/**
 * The day the fixture roster's documents are judged on by tests, chaos runs and the demo's mock
 * vendors, never today's date: every document in synthRoster.ts but fatima-haddad's (expired
 * 2024-01-31) is valid on it, whatever year they run in (docs/clock.md). A roster document whose
 * expiry date is changed must stay valid (or expired) on this day.
 */
export const ROSTER_REFERENCE_DAY = '2026-11-22';
