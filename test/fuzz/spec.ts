/**
 * openapi.yaml, read at test time and flattened into the operations the fuzzer drives: every
 * `$ref` resolved, path-level parameters merged into each operation, and the per-operation
 * "Error codes: `a`, `b` (400); …" sentence parsed so the oracle can check status *and* code.
 * Nothing here names an endpoint: a newly documented operation is fuzzed without touching this file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

// js-yaml is installed through jest; its v3 API has safeLoad, v4 only load.
const jsYaml = require('js-yaml') as { safeLoad?: (s: string) => unknown; load: (s: string) => unknown };

/** The JSON Schema subset openapi.yaml uses (OpenAPI 3.1 = JSON Schema 2020-12). */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  id: string;
  method: string;
  /** The templated path, e.g. `/v1/recoveries/{id}`. */
  path: string;
  parameters: Parameter[];
  /** Media type → schema; empty when the operation takes no body. */
  body: Record<string, Schema>;
  bodyRequired: boolean;
  /** Security scheme names; empty = public. Alternatives are flattened (any one of them works). */
  security: string[];
  /** Documented response status keys (`'200'`, `'4XX'`, `'default'`). */
  statuses: Set<string>;
  /** code → status, from the operation's "Error codes:" sentence; null when it has none. */
  errorCodes: Map<string, number> | null;
  /** Documented response status key → its media types (empty when it has no body). */
  responseTypes: Record<string, string[]>;
}

/** A (code, status) pair info.description's "## Errors" says any endpoint may answer, under `prefixes` (none = anywhere). */
export interface GlobalError {
  code: string;
  status: number;
  prefixes: string[];
}

export interface Spec {
  operations: Operation[];
  /** Security scheme → the environment variable holding its credential (named in its description), or null. */
  securitySchemes: Record<string, { envVar: string | null }>;
  /** Every code the `Problem.code` enum lists; null when it lists none. */
  problemCodes: Set<string> | null;
  globalErrors: GlobalError[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
type Json = Record<string, unknown>;

export function loadSpec(file = path.join(__dirname, '..', '..', 'openapi.yaml')): Spec {
  const doc = (jsYaml.safeLoad ?? jsYaml.load)(readFileSync(file, 'utf8')) as Json;
  const root = deref(doc, doc) as Json;
  const operations: Operation[] = [];
  for (const [p, rawItem] of Object.entries((root.paths ?? {}) as Record<string, Json>)) {
    const shared = (rawItem.parameters ?? []) as Parameter[];
    for (const method of METHODS) {
      const op = rawItem[method] as Json | undefined;
      if (!op) continue;
      const own = (op.parameters ?? []) as Parameter[];
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own].map((x) => ({
        ...x,
        required: x.required,
        schema: x.schema ?? {},
      }));
      const body = (op.requestBody ?? {}) as { content?: Record<string, { schema?: Schema }>; required?: boolean };
      const security = (op.security ?? root.security ?? []) as Array<Record<string, unknown>>;
      operations.push({
        id: (op.operationId as string | undefined) ?? `${method} ${p}`,
        method: method.toUpperCase(),
        path: p,
        parameters,
        body: Object.fromEntries(Object.entries(body.content ?? {}).map(([type, c]) => [type, c.schema ?? {}])),
        bodyRequired: body.required === true,
        security: [...new Set(security.flatMap((s) => Object.keys(s)))],
        statuses: new Set(Object.keys(op.responses ?? {})),
        responseTypes: Object.fromEntries(
          Object.entries((op.responses ?? {}) as Record<string, { content?: Json }>).map(([status, r]) => [status, Object.keys(r.content ?? {})]),
        ),
        errorCodes: parseErrorCodes(String(op.description ?? '')),
      });
    }
  }
  const components = (root.components ?? {}) as Json;
  const problem = (components.schemas as Record<string, Schema> | undefined)?.Problem;
  // The enum (kept in step with src/errorCodes.ts by test/unit/errorCodes.test.ts).
  const listed = (problem?.properties?.code?.enum ?? []).map(String);
  const schemes = (components.securitySchemes ?? {}) as Record<string, { description?: string }>;
  const securitySchemes = Object.fromEntries(
    Object.entries(schemes).map(([name, s]) => [name, { envVar: /`([A-Z][A-Z0-9_]{2,})`/.exec(s.description ?? '')?.[1] ?? null }]),
  );
  const globalErrors = parseGlobalErrors(String((root.info as Json | undefined)?.description ?? ''));
  return { operations, securitySchemes, globalErrors, problemCodes: listed.length > 0 ? new Set(listed) : null };
}

/** "Error codes: `a`, `b` (400); `c` (401)." → {a: 400, b: 400, c: 401}. */
export function parseErrorCodes(description: string): Map<string, number> | null {
  const at = description.indexOf('Error codes:');
  if (at < 0) return null;
  const text = description.slice(at).split(/\n\s*\n/)[0] ?? '';
  const codes = new Map<string, number>();
  for (const group of text.matchAll(/((?:`[^`]+`[,\s]*(?:and|or)?\s*)+)\((\d{3})\)/g)) {
    for (const code of backticked(group[1] ?? '')) codes.set(code, Number(group[2]));
  }
  return codes;
}

/**
 * The "## Errors" section of info.description: every "`code` (NNN)" and "NNN `code`" pair in it.
 * A pair of the second form ("…answers 401 `auth.unauthorized`") holds only under the paths its
 * paragraph names (`/v1/admin`, …); the others hold for any path.
 */
export function parseGlobalErrors(description: string): GlobalError[] {
  const section = /## Errors\n([\s\S]*?)(?=\n## |$)/.exec(description)?.[1] ?? '';
  const found: GlobalError[] = [];
  for (const block of section.split(/\n(?=\s*- )|\n\s*\n/)) {
    const prefixes = [...block.matchAll(/`(\/[^`{…]*)/g)].map((m) => m[1] as string);
    for (const m of block.matchAll(/`([a-z_]+(?:\.[a-z_]+)?)`\s+\((\d{3})\)/g)) found.push({ code: m[1] as string, status: Number(m[2]), prefixes: [] });
    for (const m of block.matchAll(/(\d{3})\s+`([a-z_]+(?:\.[a-z_]+)?)`/g)) found.push({ code: m[2] as string, status: Number(m[1]), prefixes });
  }
  return found;
}

function backticked(text: string): string[] {
  return [...text.matchAll(/`([a-z_]+(?:\.[a-z_]+)?)`/g)].map((m) => m[1] as string);
}

/** Resolves local `$ref`s (`#/a/b`) recursively; the spec has no cycles (a cycle would throw). */
function deref(node: unknown, root: Json, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => deref(n, root, seen));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new Error(`cyclic $ref ${ref}: teach test/fuzz/spec.ts to bound it`);
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((at, key) => (at as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return deref(target, root, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, root, seen)]));
}
