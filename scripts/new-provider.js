#!/usr/bin/env node
/**
 * `npm run new-provider -- <name>`: writes providers/<name>/, a compiling skeleton of an IDV vendor
 * (descriptor, config, adapter, client, webhook, normaliser, a mock vendor built on the mock kit,
 * a test), and registers it with one line in providers/vendors.ts. The skeleton is a working
 * Onfido-shaped vendor (token auth; applicant, documents and live photo; an asynchronous check;
 * an account-wide HMAC webhook; reports fetched; no idempotency keys), so it passes
 * `npm run conformance -- --provider <name>` as written; `TODO(<name>)` marks each place where the
 * real vendor's API goes. docs/providers.md is the guide.
 */
const fs = require('node:fs');
const path = require('node:path');

const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9]{1,31}$/.test(name)) {
  console.error('usage: npm run new-provider -- <name>   (lower-case letters and digits, starting with a letter: the URL segment and env prefix)');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const folder = path.join(root, 'providers', name);
if (fs.existsSync(folder)) {
  console.error(`providers/${name} exists already`);
  process.exit(1);
}
const vendorsFile = path.join(root, 'providers', 'vendors.ts');
const vendors = fs.readFileSync(vendorsFile, 'utf8');
const line = `export { descriptor as ${name} } from './${name}/descriptor';`;
if (vendors.includes(line)) {
  console.error(`${name} is registered in providers/vendors.ts already`);
  process.exit(1);
}

const Name = name[0].toUpperCase() + name.slice(1);
const fill = (text) => text.replaceAll('__NAME__', name.toUpperCase()).replaceAll('__Name__', Name).replaceAll('__name__', name);
const templates = path.join(__dirname, 'provider-template');
fs.mkdirSync(folder);
for (const file of fs
  .readdirSync(templates)
  .filter((f) => f.endsWith('.tmpl'))
  .sort()) {
  fs.writeFileSync(path.join(folder, file.slice(0, -'.tmpl'.length)), fill(fs.readFileSync(path.join(templates, file), 'utf8')));
  console.log(`wrote providers/${name}/${file.slice(0, -'.tmpl'.length)}`);
}

// The one registry line, kept in alphabetical order (the order Object.values gives the registry).
const lines = vendors.split('\n');
const registered = lines.filter((l) => l.startsWith('export { descriptor as '));
const sorted = [...registered, line].sort();
const at = lines.indexOf(registered[0] ?? '');
lines.splice(at === -1 ? lines.length - 1 : at, registered.length, ...sorted);
fs.writeFileSync(vendorsFile, lines.join('\n'));
console.log(
  `registered in providers/vendors.ts\n\nNext: npm run conformance -- --provider ${name}\nthen replace each TODO(${name}) with the vendor's real API (docs/providers.md, "Adding a vendor").`,
);
