/**
 * JSON Schema → fast-check. `validValue` follows the schema (formats, patterns, ranges, required
 * and optional properties); `invalidValue` breaks it in one targeted way (wrong type, out of range,
 * missing required, extra property, hostile string) so validators see near misses, not just noise.
 * `known(name)` lets a string property draw from values the server handed out (ids, usernames).
 */
import fc from 'fast-check';
import type { Schema } from './spec';
import { nastyJson, nastyString } from './hostile';

export type Known = (name: string) => readonly string[];

const types = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : s.items ? ['array'] : []);

/** A value the schema accepts (best effort: `format: email` and patterns are approximated). */
export function validValue(schema: Schema, known: Known, name = ''): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validValue(s, known, name)));
  if (schema.allOf) return validValue(Object.assign({}, ...schema.allOf) as Schema, known, name);
  const ts = types(schema);
  if (ts.length > 1) return fc.oneof(...ts.map((type) => validValue({ ...schema, type }, known, name)));
  switch (ts[0]) {
    case 'object':
      return validObject(schema, known);
    case 'array':
      return fc.array(validValue(schema.items ?? {}, known, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      return withKnown(validString(schema), known, name);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validObject(schema: Schema, known: Known): fc.Arbitrary<unknown> {
  const props = schema.properties ?? {};
  const record = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, validValue(s, known, k)]));
  return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
}

/** Half the time, a value the server already knows under this name (when it knows any). */
function withKnown(fallback: fc.Arbitrary<string>, known: Known, name: string): fc.Arbitrary<string> {
  return fc.tuple(fc.boolean(), fc.nat(), fallback).map(([useKnown, i, other]) => {
    const pool = known(name);
    return useKnown && pool.length > 0 ? (pool[i % pool.length] as string) : other;
  });
}

function validString(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, 40);
  switch (s.format) {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'date':
      return fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 320));
    case 'uri':
      return fc.webUrl();
    default:
      break;
  }
  if (s.pattern) {
    // `^[class]+$` with length bounds becomes `^[class]{min,max}$`, so fast-check need not filter.
    const bounded = s.pattern.replace(/[+*]\$$/, `{${Math.max(min, 1)},${Math.max(max, min, 1)}}$`);
    return fc.stringMatching(new RegExp(bounded)).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
  }
  return fc
    .oneof(
      fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, min, 1), unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789._-') }),
      fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, min, 1), unit: 'grapheme' }),
    )
    .filter((v) => v.trim().length >= min);
}

/** A value the schema rejects (or, for permissive schemas, one it accepts only reluctantly). */
export function invalidValue(schema: Schema, known: Known, _name = ''): fc.Arbitrary<unknown> {
  const ts = types(schema);
  const wrongType = nastyJson().filter((v) => !ts.includes(jsonType(v)));
  const options: fc.Arbitrary<unknown>[] = [wrongType];
  if (ts.includes('string') || schema.enum || schema.const !== undefined) {
    options.push(nastyString());
    if (schema.maxLength !== undefined) options.push(fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 300 }).map((n) => 'z'.repeat(n)));
  }
  if (ts.includes('integer') || ts.includes('number')) {
    options.push(fc.constantFrom(1.5, -0, 1e308, -1e308, '5', '1e2', (schema.minimum ?? 0) - 1, (schema.maximum ?? 1e9) + 1));
  }
  if (ts.includes('array')) {
    options.push(fc.array(invalidValue(schema.items ?? {}, known), { minLength: 1, maxLength: 3 }));
    if (schema.maxItems !== undefined) options.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, () => 'x')));
  }
  if (ts.includes('object') || schema.oneOf || schema.anyOf) options.push(invalidObject(schema, known));
  return fc.oneof(...options);
}

function invalidObject(schema: Schema, known: Known): fc.Arbitrary<unknown> {
  const variants = schema.oneOf ?? schema.anyOf ?? [schema];
  return fc.oneof(
    ...variants.map((s) => {
      const props = Object.keys(s.properties ?? {});
      const base = validValue(s, known) as fc.Arbitrary<Record<string, unknown>>;
      const mutations: fc.Arbitrary<unknown>[] = [
        fc
          .tuple(base, fc.constantFrom('extra', '__proto__', 'constructor', ...props.map((p) => p.toUpperCase())), nastyJson())
          .map(([o, k, v]) => ({ ...o, ...(JSON.parse(JSON.stringify({ [k]: v ?? null })) as object) })),
      ];
      if ((s.required ?? []).length > 0) {
        mutations.push(fc.tuple(base, fc.constantFrom(...(s.required as string[]))).map(([o, k]) => omit(o, k)));
      }
      if (props.length > 0) {
        mutations.push(
          fc.constantFrom(...props).chain((k) => fc.tuple(base, invalidValue(s.properties?.[k] ?? {}, known, k)).map(([o, v]) => ({ ...o, [k]: v }))),
        );
      }
      if (variants.length > 1) mutations.push(fc.tuple(...variants.map((v) => validValue(v, known))).map((os) => Object.assign({}, ...os) as unknown));
      return fc.oneof(...mutations);
    }),
  );
}

function omit(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
