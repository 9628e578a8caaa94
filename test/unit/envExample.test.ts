/**
 * `.env.example` documents every variable the service reads, and only those: its names (the
 * uncommented `NAME=` lines) and the configuration schema's (src/config, the vendors' descriptors
 * included) are the same set. Needs no Redis or S3.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envVariableNames, loadConfig } from '../../src/config';

const exampleNames = () => [...readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

const lacking = (a: string[], b: string[]) => {
  const other = new Set(b);
  return [...new Set(a)].filter((n) => !other.has(n)).sort();
};
const twice = (names: string[]) => [...new Set(names.filter((n, i) => names.indexOf(n) !== i))].sort();

test('.env.example and the configuration schema name the same variables', () => {
  const schema = envVariableNames();
  const example = exampleNames();
  const checks: [string[], string][] = [
    [lacking(schema, example), 'read by the schema (src/config) but missing from .env.example'],
    [lacking(example, schema), 'in .env.example but read by no schema (src/config, or a descriptor in providers/)'],
    [twice(example), 'listed more than once in .env.example'],
    [twice(schema), 'declared by more than one part of the schema'],
  ];
  const lines = checks.filter(([names]) => names.length > 0).map(([names, what]) => `${what}: ${names.join(', ')}`);
  // One string naming every difference, rather than a diff of two long arrays.
  expect(lines.join('\n')).toBe('');
});

test('every schema variable is an upper-case environment name', () => {
  expect(envVariableNames().filter((n) => !/^[A-Z][A-Z0-9_]*$/.test(n))).toEqual([]);
});

test('a bad vendor or mock-vendor setting is reported by its variable, not by a configuration path', () => {
  const problem = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };
  const vendor = problem({ LEXISNEXIS_BASE_URL: 'not a url', LEXISNEXIS_TIMEOUT_MS: 'soon' });
  expect(vendor).toMatch(/^ {2}LEXISNEXIS_BASE_URL: /m);
  expect(vendor).toMatch(/^ {2}LEXISNEXIS_ACCOUNT_ID: /m);
  expect(vendor).toMatch(/^ {2}LEXISNEXIS_TIMEOUT_MS: /m);
  expect(vendor).not.toMatch(/baseUrl|accountId/);
  expect(problem({ MOCK_VENDOR_PROCESSING_MS: 'slow', MOCK_VENDOR_DOCUMENT_DATE: '2026-13-45', DATA_DIR: '' })).toMatch(
    /MOCK_VENDOR_PROCESSING_MS: [\s\S]*MOCK_VENDOR_DOCUMENT_DATE: /,
  );
  expect(loadConfig({ DATA_DIR: '/srv/recovery', MOCK_VENDOR_PROCESSING_MS: '20' })).toMatchObject({
    DATA_DIR: '/srv/recovery',
    MOCK_VENDOR_PROCESSING_MS: 20,
    vendors: {},
  });
});
