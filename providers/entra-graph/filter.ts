/**
 * The part of OData `$filter` the stand-in understands: `prop eq literal`, `startsWith(prop,'x')`,
 * `and`, `or` (and binds tighter) and parentheses; literals are strings (a quote inside is
 * doubled: `'O''Brien'`), `true`, `false` and `null`. Anything else is a 400, so a client that
 * splices user input into a filter unescaped breaks loudly here instead of matching someone.
 * String comparisons ignore case but not accents, the conservative reading of Graph's behaviour.
 * https://learn.microsoft.com/en-us/graph/filter-query-parameter
 */
import { GraphProblem } from './graphResponse';

export type Literal = string | boolean | null;
export type FilterNode =
  | { kind: 'eq'; property: string; value: Literal }
  | { kind: 'startsWith'; property: string; prefix: string }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode };

type Token = { type: 'word'; text: string } | { type: 'string'; text: string } | { type: 'punct'; text: string };

function invalid(detail: string): GraphProblem {
  return new GraphProblem(400, 'Request_BadRequest', `Invalid filter clause: ${detail}`);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ('(),'.includes(c)) {
      tokens.push({ type: 'punct', text: c });
      i++;
      continue;
    }
    if (c === "'") {
      let text = '';
      for (i++; ; i++) {
        if (i >= source.length) throw invalid('unterminated string literal.');
        if (source.charAt(i) !== "'") {
          text += source.charAt(i);
          continue;
        }
        if (source.charAt(i + 1) !== "'") break;
        text += "'";
        i++;
      }
      tokens.push({ type: 'string', text });
      i++;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))?.[0];
    if (!word) throw invalid(`syntax error at position ${i}.`);
    tokens.push({ type: 'word', text: word });
    i += word.length;
  }
  return tokens;
}

export function parseFilter(source: string): FilterNode {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (text: string): boolean => peek()?.type === 'word' && peek()?.text === text;
  const expect = (type: Token['type'], text?: string): Token => {
    const token = tokens[pos++];
    if (!token || token.type !== type || (text !== undefined && token.text !== text)) throw invalid(`expected ${text ?? type}.`);
    return token;
  };
  const literal = (): Literal => {
    const token = tokens[pos++];
    if (token?.type === 'string') return token.text;
    if (token?.type === 'word' && ['true', 'false', 'null'].includes(token.text)) return token.text === 'null' ? null : token.text === 'true';
    throw invalid('expected a literal.');
  };
  const primary = (): FilterNode => {
    if (peek()?.type === 'punct' && peek()?.text === '(') {
      pos++;
      const inner = or();
      expect('punct', ')');
      return inner;
    }
    const name = expect('word').text;
    if (name.toLowerCase() === 'startswith') {
      expect('punct', '(');
      const property = expect('word').text;
      expect('punct', ',');
      const prefix = expect('string').text;
      expect('punct', ')');
      return { kind: 'startsWith', property, prefix };
    }
    if (!isWord('eq')) throw invalid(`unsupported operator after '${name}'.`);
    pos++;
    return { kind: 'eq', property: name, value: literal() };
  };
  const and = (): FilterNode => {
    let node = primary();
    while (isWord('and')) {
      pos++;
      node = { kind: 'and', left: node, right: primary() };
    }
    return node;
  };
  const or = (): FilterNode => {
    let node = and();
    while (isWord('or')) {
      pos++;
      node = { kind: 'or', left: node, right: and() };
    }
    return node;
  };
  const tree = or();
  if (pos !== tokens.length) throw invalid(`unexpected '${tokens[pos]?.text ?? ''}'.`);
  return tree;
}

export function filterProperties(node: FilterNode): string[] {
  return 'left' in node ? [...filterProperties(node.left), ...filterProperties(node.right)] : [node.property];
}

const sameText = (a: string, b: string): boolean => a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0;

export function matches(node: FilterNode, read: (property: string) => unknown): boolean {
  switch (node.kind) {
    case 'and':
      return matches(node.left, read) && matches(node.right, read);
    case 'or':
      return matches(node.left, read) || matches(node.right, read);
    case 'startsWith': {
      const value = read(node.property);
      return typeof value === 'string' && value.toLowerCase().startsWith(node.prefix.toLowerCase());
    }
    case 'eq': {
      const value = read(node.property) ?? null;
      if (typeof value === 'string' && typeof node.value === 'string') return sameText(value, node.value);
      return value === node.value;
    }
  }
}
