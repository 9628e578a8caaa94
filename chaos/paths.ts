import { existsSync } from 'node:fs';
import path from 'node:path';

let root: string | null = null;

/** The repository root (the directory holding package.json), from chaos/ or dist/chaos/. */
export function repoRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  root = dir;
  return dir;
}
