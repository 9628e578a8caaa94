/**
 * The error codes the service answers with are one table (src/errorCodes.ts); openapi.yaml's
 * `Problem.code` enum must list exactly the same codes, so a client generated from the document
 * knows every code it can get. Needs no Redis or S3.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errorCodes, errorTable, isErrorCode } from '../../src/errorCodes';
import { AppError } from '../../src/errors';

// js-yaml is already installed (through jest); its v3 API has safeLoad, v4 only load.
const jsYaml = require('js-yaml') as { safeLoad?: (s: string) => unknown; load: (s: string) => unknown };

interface ProblemSchema {
  properties: { code: { enum?: unknown[] } };
}

function openapiCodes(): string[] {
  const text = readFileSync(path.join(__dirname, '..', '..', 'openapi.yaml'), 'utf8');
  const doc = (jsYaml.safeLoad ?? jsYaml.load)(text) as { components: { schemas: { Problem: ProblemSchema } } };
  const list = doc.components.schemas.Problem.properties.code.enum;
  if (!Array.isArray(list)) throw new Error('openapi.yaml: components.schemas.Problem.properties.code has no enum');
  return list.map(String);
}

/** Sorted members of `a` that `b` lacks. */
const missing = (a: Iterable<string>, b: Iterable<string>) => {
  const other = new Set(b);
  return [...new Set(a)].filter((c) => !other.has(c)).sort();
};

test('openapi.yaml Problem.code enum and src/errorCodes.ts list the same codes', () => {
  const inDocument = openapiCodes();
  const notDocumented = missing(errorCodes, inDocument);
  const notInTable = missing(inDocument, errorCodes);
  const lines: string[] = [];
  if (notDocumented.length > 0) {
    lines.push(`in src/errorCodes.ts but missing from openapi.yaml (components.schemas.Problem.properties.code.enum): ${notDocumented.join(', ')}`);
  }
  if (notInTable.length > 0) {
    lines.push(`in openapi.yaml's Problem.code enum but missing from src/errorCodes.ts: ${notInTable.join(', ')}`);
  }
  const duplicates = inDocument.filter((c, i) => inDocument.indexOf(c) !== i);
  if (duplicates.length > 0) lines.push(`listed twice in openapi.yaml's Problem.code enum: ${duplicates.join(', ')}`);
  // One string that names every difference, rather than a diff of two long arrays.
  expect(lines.join('\n')).toBe('');
});

test('every code is a lower-case family.name (or internal) with an error status and a sentence for a title', () => {
  const bad = errorCodes.filter((code) => {
    const { status, title } = errorTable[code];
    return !/^([a-z_]+\.[a-z_]+|internal)$/.test(code) || status < 400 || status > 599 || !/^[A-Z].*[.)]$/.test(title);
  });
  expect(bad).toEqual([]);
});

test('AppError takes its status and default message from the table', () => {
  const plain = new AppError('recovery.link_used');
  expect(plain).toMatchObject({ code: 'recovery.link_used', status: 410, message: errorTable['recovery.link_used'].title });
  const specific = new AppError('evidence.missing_file', { message: 'The file "selfie" is required.' });
  expect(specific).toMatchObject({ status: 400, message: 'The file "selfie" is required.' });
  expect(isErrorCode('recovery.link_used')).toBe(true);
  expect(isErrorCode('toString')).toBe(false);
});
