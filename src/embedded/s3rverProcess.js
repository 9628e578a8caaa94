// Runs s3rver in its own process so that `--openssl-legacy-provider` (needed for its DES
// continuation tokens, docs/references.md, "Local stand-ins: s3rver quirks", quirk 2) stays confined to it. Prints `PORT <n>` when ready and
// exits on SIGTERM or when its stdin closes (so it dies with its parent).
'use strict';
const S3rver = require('s3rver');
const fs = require('node:fs');

const [directory, bucket] = process.argv.slice(2);
fs.mkdirSync(directory, { recursive: true });
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: bucket ? [{ name: bucket }] : [],
});
server.run().then(({ port }) => {
  process.stdout.write(`PORT ${port}\n`);
});
const stop = () =>
  server.close().finally(() => {
    // The directory is this child's own temporary store: remove it even when the parent was killed.
    fs.rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  });
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
