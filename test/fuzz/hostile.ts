/**
 * Hostile values a client can send: strings that break naive normalisation, parsing, logging or
 * key building; JSON values of every wrong type; raw bytes that are not UTF-8.
 */
import fc from 'fast-check';

/** Strings chosen for what they do to a server, not at random. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ufeff',
  '\u202eevil',
  '\u2028\u2029',
  'e\u0301'.repeat(64),
  '\ufdfa'.repeat(20),
  'Ｂｅｎ',
  'Bеn',
  '👩‍👩‍👧‍👦'.repeat(8),
  '\u{10ffff}',
  'ǅ',
  'İstanbul',
  'ß',
  'a\r\nX-Injected: 1',
  '%00',
  '%',
  '%zz',
  '../../etc/passwd',
  '..\\..\\',
  '/',
  '*',
  '?',
  '#',
  ':',
  'a:b:c',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'null',
  'undefined',
  'true',
  '-0',
  'NaN',
  'Infinity',
  '1e309',
  '0x1F',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '\\u0000',
  'A'.repeat(256),
  'A'.repeat(257),
  'A'.repeat(1025),
  'A'.repeat(5000),
];

export const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 257, max: 20_000 }).map((n) => 'x'.repeat(n)) },
  );

/** JSON values of every type, including ones that stress parsers and validators. */
export const nastyJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', [], {}, [null], { '': '' }),
    nastyString(),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown),
  );

/** Byte sequences that are not valid UTF-8, or are valid but unusual. */
export const BAD_UTF8: readonly Buffer[] = [
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0x80, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0x00]),
  Buffer.from([0xef, 0xbb, 0xbf]),
];

/** Raw JSON texts that JSON.parse rejects, or accepts in ways validators rarely expect. */
export const ODD_JSON_TEXTS: readonly string[] = [
  '',
  ' ',
  '{',
  '}',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}{"b":2}',
  'null',
  'true',
  '"str"',
  '1',
  '[]',
  '{}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  'NaN',
  '{"a":NaN}',
  '{"a":1e999999}',
  '{"a":-}',
  '{"\\ud800":"\\udfff"}',
  '{"a":"\\u0000"}',
  '\ufeff{}',
  '/*c*/{}',
  '{"a":1}\u0000',
];
