/**
 * An OData string literal: the value in single quotes, each quote inside doubled (`O'Brien` →
 * `'O''Brien'`). Nothing else needs escaping inside a literal, so untrusted text passed through
 * here can never end the literal and add a clause of its own. The result is then percent-encoded
 * as part of the query string.
 * https://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part2-url-conventions.html (§5.1.1.6.1, primitive literals)
 */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
