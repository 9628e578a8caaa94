// Preloaded (`node --require`) into every child the chaos suite starts: when the parent's stdin
// pipe closes — the parent exited or was killed, however — the child kills itself, so no API or
// worker process outlives a chaos run. The handle is unref'd: it never keeps a child alive.
'use strict';
const die = () => process.kill(process.pid, 'SIGKILL');
process.stdin.on('end', die);
process.stdin.on('error', die);
process.stdin.resume();
if (typeof process.stdin.unref === 'function') process.stdin.unref();
