/**
 * The registered IDV vendors: one line per vendor folder, nothing else (docs/providers.md, "Adding
 * a vendor"). The export's name is the vendor's name (providers/registry.test.ts checks it).
 */
export { descriptor as au10tix } from './au10tix/descriptor';
export { descriptor as idemia } from './idemia/descriptor';
export { descriptor as lexisnexis } from './lexisnexis/descriptor';
