/**
 * The Dockerfile and docker-compose.yml, checked without a Docker engine: what the image copies
 * exists and is not excluded from the build context, the runtime stage installs production
 * dependencies only and runs as a non-root user with a health check, and every compiled file
 * the image or compose runs is an output of the build (scripts/build.mjs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';

const read = (f: string) => fs.readFileSync(path.join(projectRoot, f), 'utf8');
const dockerfile = read('Dockerfile');
const ignored = read('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1)!;
const outdir = path.join(projectRoot, '.tmp', `docker-guard-${process.pid}`);

/** `dist/…` files run by the image and by compose (CMD, commands, documented exec lines). */
const compiledFilesRun = (text: string) => [
  ...new Set(text.match(/dist\/(?:api|scripts)\/[\w-]+\.js/g) ?? []),
];

describe('Dockerfile', () => {
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('builds in one stage and runs production dependencies only, as a non-root user, with a health check', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/RUN npm ci\b/);
    expect(stages[0]).toMatch(/RUN npm run build\b/);
    expect(runtime).toMatch(/RUN npm ci --omit=dev\b/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.indexOf('CMD'));
    expect(runtime).toMatch(/^HEALTHCHECK .*\/api\/health/ms);
    expect(runtime).toMatch(/^CMD \["node", "dist\/api\/main\.js"\]$/m);
    expect(runtime).not.toMatch(/tsx/);
  });

  it('copies files that exist and are not excluded from the build context', () => {
    const copies = [...runtime.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    expect(copies.length).toBeGreaterThan(0);
    for (const src of copies) {
      expect(fs.existsSync(path.join(projectRoot, src)), src).toBe(true);
      expect(
        ignored.filter((i) => src === i || src.startsWith(`${i}/`)),
        src,
      ).toEqual([]);
    }
    // The build stage's outputs the runtime takes.
    for (const m of runtime.matchAll(/^COPY --from=build \/app\/(\S+) /gm))
      expect(['dist', 'map-ui/dist']).toContain(m[1]);
  });

  it('runs only compiled files the build produces', () => {
    execFileSync(
      process.execPath,
      [path.join(projectRoot, 'scripts/build.mjs'), '--api', '--outdir', outdir],
      {
        cwd: projectRoot,
        stdio: 'pipe',
      },
    );
    const run = compiledFilesRun(`${dockerfile}\n${read('docker-compose.yml')}`);
    expect(run).toEqual(expect.arrayContaining(['dist/api/main.js', 'dist/scripts/db-seed.js']));
    for (const f of run) expect(fs.existsSync(path.join(outdir, f.slice('dist/'.length))), f).toBe(true);
  });
});

describe('docker-compose.yml', () => {
  // No YAML parser among the project's packages: Python's, where installed (Debian python3-yaml).
  const parsed = spawnSync(
    'python3',
    [
      '-c',
      'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))',
      'docker-compose.yml',
    ],
    { cwd: projectRoot, encoding: 'utf8' },
  );
  const haveYaml = parsed.status === 0;

  it.skipIf(!haveYaml)('runs the app image beside a PostGIS + pgRouting database it waits for', () => {
    type Service = {
      image?: string;
      build?: unknown;
      environment?: Record<string, string>;
      depends_on?: Record<string, { condition: string }>;
      healthcheck?: unknown;
      volumes?: string[];
    };
    const compose = JSON.parse(parsed.stdout) as { services: Record<string, Service> };
    const { db, app } = compose.services;
    expect(db.image).toMatch(/^pgrouting\/pgrouting:15-/);
    expect(db.healthcheck).toBeTruthy();
    expect(db.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(app.build).toBe('.');
    expect(app.depends_on?.db.condition).toBe('service_healthy');
    const url = new URL(app.environment!.DATABASE_URL);
    expect(url.hostname).toBe('db');
    expect(url.pathname).toBe(`/${(db.environment as Record<string, string>).POSTGRES_DB}`);
    // The old compose mounted the source tree and ran `npm ci` at start.
    expect(JSON.stringify(compose)).not.toMatch(/npm ci|\.\/:\/app/);
  });
});
