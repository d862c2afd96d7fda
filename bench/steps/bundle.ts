/**
 * Issue 5 figure: production bundle size (gzip) of the map UI, JavaScript with and without the
 * MapLibre chunk(s). Reads map-ui/dist (built by `npm run build:ui`; `--build-ui` builds it
 * first). Targets: ≤ 600 KB without MapLibre, ≤ 1.2 MB with it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { projectRoot } from '../../api/src/config.ts';
import type { BenchContext } from '../lib/context.ts';
import { type StepResult, skipped, table, verdict } from '../lib/report.ts';
import { fmtBytes } from '../lib/stats.ts';

const KB = 1024;
const WITHOUT_TARGET = 600 * KB;
const WITH_TARGET = 1200 * KB;

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/**
 * Whether a built chunk is MapLibre: by name (Vite names the lazy chunk after the package), or
 * by strings only MapLibre's own bundle and worker carry (a chunk that merely imports MapLibre
 * mentions the hashed chunk names, not these).
 */
function isMaplibre(file: string, text: string): boolean {
  if (/maplibre/i.test(path.basename(file))) return true;
  return text.includes('maplibre-gl-worker.mjs') || text.includes('maplibre-gl-js/blob/');
}

export async function bundleStep(ctx: BenchContext): Promise<StepResult> {
  const dist = path.join(projectRoot, 'map-ui', 'dist');
  if (ctx.buildUi) {
    ctx.log('  bundle: npm run build:ui…');
    const r = spawnSync('npm', ['run', 'build:ui'], { cwd: projectRoot, encoding: 'utf8' });
    if (r.status !== 0) {
      return {
        ...skipped('bundle', 'UI bundle size (issue 5)', `npm run build:ui failed`),
        status: 'failed',
        markdown: `\`npm run build:ui\` failed:\n\n\`\`\`\n${(r.stdout + r.stderr).slice(-3000)}\n\`\`\``,
      };
    }
  }
  if (!fs.existsSync(dist)) {
    return skipped(
      'bundle',
      'UI bundle size (issue 5)',
      'map-ui/dist does not exist; run `npm run build:ui` first (or `npm run bench -- --build-ui`)',
    );
  }
  const files = listFiles(dist).filter((f) => /\.(m?js|css)$/.test(f));
  const rows = files
    .map((f) => {
      const buf = fs.readFileSync(f);
      const text = f.endsWith('.css') ? '' : buf.toString('utf8');
      return {
        file: path.relative(dist, f),
        kind: f.endsWith('.css') ? 'css' : 'js',
        raw: buf.byteLength,
        gzip: zlib.gzipSync(buf, { level: 9 }).byteLength,
        maplibre: f.endsWith('.css') ? /maplibre/i.test(path.basename(f)) : isMaplibre(f, text),
      };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const js = rows.filter((r) => r.kind === 'js');
  const jsWith = js.reduce((a, r) => a + r.gzip, 0);
  const jsWithout = js.filter((r) => !r.maplibre).reduce((a, r) => a + r.gzip, 0);
  const css = rows.filter((r) => r.kind === 'css').reduce((a, r) => a + r.gzip, 0);
  const built = fs.statSync(dist).mtime.toISOString();
  const markdown = [
    `map-ui/dist as built at ${built}; gzip level 9 per file.`,
    '',
    table(
      ['file', 'raw', 'gzip', 'MapLibre'],
      rows.map((r) => [r.file, fmtBytes(r.raw), fmtBytes(r.gzip), r.maplibre ? 'yes' : '']),
    ),
    '',
    table(
      ['total', 'gzip', 'target'],
      [
        ['JS without MapLibre', fmtBytes(jsWithout), `≤ 600 KB: ${verdict(jsWithout <= WITHOUT_TARGET)}`],
        ['JS with MapLibre', fmtBytes(jsWith), `≤ 1.2 MB: ${verdict(jsWith <= WITH_TARGET)}`],
        ['CSS', fmtBytes(css), ''],
      ],
    ),
  ].join('\n');
  return {
    id: 'bundle',
    title: 'UI bundle size (issue 5)',
    status: 'ok',
    markdown,
    data: { files: rows, jsWithGzip: jsWith, jsWithoutGzip: jsWithout, cssGzip: css },
  };
}
