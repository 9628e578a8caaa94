#!/usr/bin/env node
/**
 * Checks a downloaded file against a Subresource Integrity string (`sha512-<base64>`, the form
 * package-lock.json records, https://www.w3.org/TR/SRI/). Exits 1 on a mismatch, so bootstrap.sh
 * never runs a Node binary other than the one the lockfile pins.
 * Usage: node scripts/verify-integrity.js FILE INTEGRITY
 */
'use strict';
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');

const [file, integrity] = process.argv.slice(2);
const match = /^(sha512|sha384|sha256)-([A-Za-z0-9+/=]+)$/.exec(integrity ?? '');
if (!file || !match) {
  console.error('usage: verify-integrity.js FILE sha512-<base64>');
  process.exit(2);
}
const actual = createHash(match[1]).update(readFileSync(file)).digest('base64');
if (actual !== match[2]) {
  console.error(`verify-integrity: ${file} does not match the lockfile (${match[1]} ${actual})`);
  process.exit(1);
}
