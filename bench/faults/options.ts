/** The command line of `npm run bench:faults` (documented in bench/faults.bench.ts, printed by --help). */
import { parseArgs } from 'node:util';

export const SCENARIOS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
/** Seconds of load in (a) before PostgreSQL is stopped. */
export const DOWN_AT_S = 10;

export function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', default: SCENARIOS.join(',') },
      down: { type: 'string', default: '5' },
      duration: { type: 'string', default: '30' },
      connections: { type: 'string', default: '4' },
      recovery: { type: 'string', default: '10' },
      'import-sites': { type: 'string', default: '100000' },
      plots: { type: 'string', default: '10000' },
      cluster: { type: 'string', default: '15/main' },
      freeze: { type: 'string', default: '8' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const num = (k: keyof typeof values, min: number, max = Number.POSITIVE_INFINITY) => {
    const v = Number(values[k]);
    if (!Number.isFinite(v) || v < min || v > max)
      throw new Error(`--${k} must be a number in [${min}, ${max}]; got ${values[k]}`);
    return v;
  };
  const only = new Set(
    String(values.only)
      .split(',')
      .map((s) => s.trim()),
  );
  const unknown = [...only].filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length)
    throw new Error(`unknown scenario(s) ${unknown.join(', ')}; scenarios: ${SCENARIOS.join(', ')}`);
  const [version, name] = String(values.cluster).split('/');
  if (!/^\d+$/.test(version ?? '') || !/^[\w-]+$/.test(name ?? ''))
    throw new Error('--cluster must look like 15/main');
  const durationS = num('duration', DOWN_AT_S + 10);
  const downS = num('down', 1, 10);
  return {
    only,
    downS,
    durationS: Math.max(durationS, DOWN_AT_S + downS + 10),
    connections: num('connections', 1, 64),
    recoveryS: num('recovery', 1),
    importSites: num('import-sites', 1000),
    plots: num('plots', 100),
    cluster: { version, name },
    freezeS: num('freeze', 2, 60),
    help: values.help ?? false,
  };
}
export type Options = ReturnType<typeof parseOptions>;
