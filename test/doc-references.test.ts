/**
 * Every document a comment, test or doc names exists in the repository, and every section cited as
 * `(docs/x.md, "Section")` is a heading of that document: nothing points outside the repository,
 * where a reader of it cannot follow.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const EXTENSIONS = ['.ts', '.md', '.js', '.yaml'];

/** The repository's own files: tracked, or new and not ignored (never node_modules, dist or the fetched Node in .tools). */
function files(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  return listed
    .split('\0')
    .filter((f) => f && EXTENSIONS.some((ext) => f.endsWith(ext)) && existsSync(path.join(root, f)))
    .map((f) => path.join(root, f));
}

const sources = files()
  .filter((f) => f !== __filename)
  .map((file) => ({ file: path.relative(root, file), text: readFileSync(file, 'utf8') }));
const headings = (doc: string) => new Set([...readFileSync(path.join(root, doc), 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!.trim()));

describe('document references', () => {
  it('names only documents that exist in the repository', () => {
    const missing: string[] = [];
    for (const { file, text } of sources) {
      for (const [mention] of text.matchAll(/(?<![\w/.-])(?:[\w.-]+\/)*[\w.-]+\.md\b/g)) {
        const candidates = [path.join(root, mention), path.join(root, path.dirname(file), mention), path.join(root, 'docs', mention)];
        if (!candidates.some((c) => existsSync(c))) missing.push(`${file}: ${mention}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('points to nothing outside the repository', () => {
    const outside = sources.filter(({ text }) => /\.\.\/shared\b|\/work\/shared|reference\/(vendors|style)\.md/.test(text)).map((s) => s.file);
    expect(outside).toEqual([]);
  });

  // The two documents made to be cited by section must match a heading exactly; in the others
  // (benchmarks, a table row) the cited words must at least appear.
  const BY_HEADING = new Set(['docs/references.md', 'docs/providers.md']);
  it('cites only sections that exist: (docs/x.md, "Section")', () => {
    const broken: string[] = [];
    for (const { file, text } of sources) {
      for (const [, doc, raw] of text.matchAll(/(docs\/[\w.-]+\.md),\s*(?:\*\s*)?"([^"]+)"/g)) {
        const section = raw!.replace(/\s*\n\s*(?:\*\s*)?/g, ' ').trim();
        if (section.startsWith('<') || !existsSync(path.join(root, doc!))) continue; // a placeholder; a missing file is reported above
        const found = BY_HEADING.has(doc!)
          ? headings(doc!).has(section)
          : readFileSync(path.join(root, doc!), 'utf8').toLowerCase().includes(section.toLowerCase());
        if (!found) broken.push(`${file}: ${doc}, "${section}"`);
      }
    }
    expect(broken).toEqual([]);
  });
});
