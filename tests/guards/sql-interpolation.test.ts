// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the allow-list and the samples quote source text that contains ${…}.
/**
 * CI guard: no product SQL string interpolates a value that is not a constant (values are bound
 * with `?`, never written into SQL). The rules of "constant" are in sql-interpolation.ts; the
 * few places that splice code-built text the checker cannot prove constant are listed below
 * with the reason, and an entry that no longer matches anything fails too, so the list stays true.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { type Finding, findSqlInterpolations } from './sql-interpolation.ts';

/** File → interpolated expressions allowed there, and why they cannot carry input. */
const ALLOWED: Record<string, { exprs: string[]; why: string }> = {
  'api/src/modules/access/access-kinds.ts': {
    exprs: ['q'],
    why: 'q is a table alias prefix given by the callers in this module (literals)',
  },
  'api/src/modules/access/access.store.pg.ts': {
    exprs: ["s.predicate('i')"],
    why: 'access-kind predicates of access-kinds.ts, built from constants',
  },
  'api/src/modules/roads/drive-times.store.ts': {
    exprs: ["spec.predicate('i')"],
    why: 'access-kind predicates of access-kinds.ts, built from constants',
  },
  'api/src/modules/auth/auth.store.pg.ts': {
    exprs: ['values'],
    why: 'one constant placeholder tuple per key; the keys are bound',
  },
  'api/src/modules/matching/assembly.ts': {
    exprs: ['cols'],
    why: 'column list from the site field table (site.fields.ts)',
  },
  'api/src/modules/matching/matching.store.pg.ts': {
    exprs: ['cols'],
    why: 'numbered TOPSIS stat columns (st.s0, st.hi0…), generated from a count',
  },
  'api/src/modules/matching/knockouts/condition.sql.ts': {
    exprs: [
      'clamp(`(${col} - ?::float8) / ?::float8`)',
      'clamp(`(?::float8 - ${col}) / ?::float8`)',
      'clamp(`${late}::float8 / ${DATE_GAP_DAYS}::float8`)',
      'short',
      'clamp(`${short} / ?::float8`)',
    ],
    why: 'knock-out SQL over columns quoted by quoteIdent; thresholds are bound',
  },
  'api/src/modules/matching/legacy/v1/matching.store.pg.ts': {
    exprs: ['where', "missBranches.join('\\n      UNION ALL\\n      ')"],
    why: 'the previous engine: predicates of its constraint table, thresholds bound',
  },
  'api/src/modules/projects/projects.access.ts': {
    exprs: ['alias'],
    why: 'table alias passed by the projects store (literals)',
  },
  'api/src/modules/roads/router.ts': {
    exprs: ['c', 'rc'],
    why: 'cost column names of the car/truck profile (constants of costColumns)',
  },
  'api/src/modules/sites/sites.import-writer.ts': {
    exprs: [
      'all.map((c) => `"${c}"`).join(\', \')',
      'all.map((c) => `"${c}" = EXCLUDED."${c}"`).join(\', \')',
      'all.map((c) => `sites."${c}"`).join(\', \')',
      'all.map((c) => `EXCLUDED."${c}"`).join(\', \')',
      'values.map((e, i) => `${e} AS "${rs.columns[i]}"`).join(\', \')',
      'rs.def',
      'geometry',
      'column',
      'c',
      'alias',
      'jsonbObject(pairs)',
      "all.map(kept).join(', ')",
      "audit ? `, ${snapshotSql('sites', types)} AS snap` : ''",
      "snapshotSql('s', types)",
      'withInput',
      'upsert',
      'auditRows',
      'baseline',
    ],
    why:
      'columns and types of the sites catalogue (allow-listed by the site field table), table aliases of ' +
      'this module, and the statements and expressions the writer assembles from them (a kept column is ' +
      'named by the same catalogue); rows, kept-column lists included, are one bound JSON',
  },
  'api/src/modules/sites/sites.import-diff.ts': {
    exprs: ['baselineOf(rs)', 'rs.geometry', 'rs.def'],
    why: "the import writer's recordset expressions over the site field table; the rows are one bound JSON",
  },
  'api/src/modules/tiles/tiles.encoder.pg.ts': {
    exprs: ["layerSql(layer.sqlFor(t.z, filter.sql !== ''), filter)", 'propertyColumns(layer)'],
    why: "a layer's .sql file of this module with the compiled site filter (values bound); field names checked against an identifier pattern",
  },
};

function productFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    // Migrations run fixed DDL once; no request reaches them.
    if (e.isDirectory()) return e.name === 'migrations' ? [] : productFiles(p);
    return e.name.endsWith('.ts') && !/\.(test|d)\.ts$/.test(e.name) ? [p] : [];
  });
}

const allowed = (f: Finding) => ALLOWED[f.file]?.exprs.includes(f.expr) ?? false;

describe('SQL strings interpolate constants only', () => {
  it('in api/src (beyond the documented allow-list)', () => {
    const findings = findSqlInterpolations(productFiles(path.join(projectRoot, 'api', 'src')), projectRoot);
    const offending = findings.filter((f) => !allowed(f)).map((f) => `${f.file}:${f.line} \${${f.expr}}`);
    expect(offending, 'bind the value with ? (or build the text from constants)').toEqual([]);
    const stale = Object.entries(ALLOWED).flatMap(([file, { exprs }]) =>
      exprs.filter((e) => !findings.some((f) => f.file === file && f.expr === e)).map((e) => `${file}: ${e}`),
    );
    expect(stale, 'allow-list entries that match nothing any more').toEqual([]);
  });

  describe('on samples', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-guard-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const scan = (code: string) => {
      const file = path.join(dir, `sample-${Math.random().toString(36).slice(2)}.ts`);
      const stub =
        'declare const knex: { raw(sql: string, b?: unknown[]): unknown; whereRaw(sql: string): unknown };\n';
      fs.writeFileSync(file, stub + code);
      return findSqlInterpolations([file], dir).map((f) => f.expr);
    };

    it('flags a request value written into SQL', () => {
      expect(
        scan("export const f = (name: string) => knex.raw(`SELECT * FROM sites WHERE name = '${name}'`);"),
      ).toEqual(['name']);
      expect(scan('export const g = (where: string) => knex.whereRaw(`status = ${where}`);')).toEqual([
        'where',
      ]);
      // SQL-looking text is checked even away from a raw call.
      expect(scan('export const h = (id: string) => `DELETE FROM sites WHERE id = ${id}`;')).toEqual(['id']);
    });

    it('lets constants, literal unions, numbers and bound fragments through', () => {
      const ok = `
        const LIMIT = 10;
        const COLUMNS = ['a', 'b'].join(', ');
        type Alias = 'sites' | 's';
        interface Fragment { sql: string; bindings: unknown[] }
        export const f = (t: Alias, n: number, frag: Fragment, open: boolean) => {
          const where = open ? '' : 'WHERE published';
          return knex.raw(\`SELECT \${COLUMNS} FROM sites \${t} \${where} AND \${frag.sql} LIMIT \${LIMIT} OFFSET \${n}\`, frag.bindings);
        };`;
      expect(scan(ok)).toEqual([]);
    });
  });
});
