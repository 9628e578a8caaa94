/**
 * `npm run chaos [-- --scale quick|full] [--parts kill,redis,faults] [--seed n] [--recoveries n]
 *  [--parallel] [--keep]`
 *
 * Builds first (the npm script), then runs the compiled suite from dist/. Prints the figures of each
 * part at the end; exits 1 if any invariant failed (logs are then kept and their directory printed).
 * CHAOS_SCALE / CHAOS_SEED in the environment work too.
 */
import { formatReport, partNames, runChaos, type PartName, type Scale } from './run';
import { killAllChildren } from './procs';

function parseArgs(argv: string[]) {
  const args = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (['parallel', 'keep', 'help'].includes(name)) {
      flags.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    args.set(name, value);
  }
  return { args, flags };
}

async function main(): Promise<void> {
  const { args, flags } = parseArgs(process.argv.slice(2));
  if (flags.has('help')) {
    process.stdout.write('npm run chaos -- [--scale quick|full] [--parts kill,redis,faults] [--seed n] [--recoveries n] [--parallel] [--keep]\n');
    return;
  }
  const scale = (args.get('scale') ?? process.env.CHAOS_SCALE ?? 'quick') as Scale;
  if (scale !== 'quick' && scale !== 'full') throw new Error(`--scale must be quick or full, not "${scale}"`);
  const parts = (args.get('parts') ?? partNames.join(',')).split(',').map((p) => p.trim()) as PartName[];
  for (const p of parts) if (!partNames.includes(p)) throw new Error(`unknown part "${p}" (parts: ${partNames.join(', ')})`);
  const seed = Number(args.get('seed') ?? process.env.CHAOS_SEED ?? 20240611);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const recoveries = args.has('recoveries') ? Number(args.get('recoveries')) : undefined;
  const started = new Date().toISOString();
  const report = await runChaos({
    scale,
    seed,
    parts,
    recoveries,
    parallel: flags.has('parallel'),
    keep: flags.has('keep'),
    log: (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`),
  });
  process.stdout.write(`${formatReport(report)}\n(started ${started}, node ${process.version})\n`);
  process.exitCode = report.ok ? 0 : 1;
}

main()
  .catch((err: unknown) => {
    killAllChildren();
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  })
  .finally(() => {
    // Open handles (a hung vendor request, a reconnecting client) must not keep the run alive.
    setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
  });
