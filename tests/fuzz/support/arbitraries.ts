/**
 * Hostile inputs for the fuzz suite: strings PostgreSQL or JavaScript mishandle, numbers JSON
 * cannot carry (sent as raw JSON text), GeoJSON that is wrong in every way we could think of,
 * mutations of valid bodies (so the generator gets past the first check), query strings with
 * duplicate, bracketed and badly percent-encoded parameters.
 */
import fc from 'fast-check';
import { needsSchema } from '../../../api/src/modules/matching/needs.schema.ts';

// ---------------------------------------------------------------------------------------------
// Raw JSON: values JSON.stringify cannot write (1e400, NaN, -0 as text, deep nesting).

/** A JSON fragment written verbatim by `toJsonText` (e.g. `1e400`, which parses to Infinity). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold `RawJson` fragments; iterative, so depth is no problem. */
export function toJsonText(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  const CLOSE = Symbol('close');
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'object' && v !== null && (v as { [CLOSE]?: string })[CLOSE] !== undefined) {
      out.push((v as { [CLOSE]: string })[CLOSE]);
    } else if (v instanceof RawJson) out.push(v.text);
    else if (Array.isArray(v)) {
      out.push('[');
      stack.push({ [CLOSE]: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push(v[i]);
        if (i > 0) stack.push(new RawJson(','));
      }
    } else if (typeof v === 'object' && v !== null) {
      out.push('{');
      stack.push({ [CLOSE]: '}' });
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push(entries[i][1]);
        stack.push(new RawJson(`${JSON.stringify(entries[i][0])}:`));
        if (i > 0) stack.push(new RawJson(','));
      }
    } else out.push(v === undefined ? 'null' : JSON.stringify(v));
  }
  return out.join('');
}

/** `[[[…1…]]]` or `{"a":{"a":…}}` nested `depth` times, as JSON text. */
export function deepJson(depth: number, kind: 'array' | 'object' = 'array', leaf = '1'): string {
  return kind === 'array'
    ? '['.repeat(depth) + leaf + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}

// ---------------------------------------------------------------------------------------------
// Strings

export const SQL_INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE sites; --",
  '"; DROP TABLE projects; --',
  "1' UNION SELECT password_hash FROM users --",
  "') OR pg_sleep(20) IS NULL --",
  '$$; SELECT 1; $$',
  "E'\\x00'",
  '\\',
  '%',
  '_',
  '%%%_\\%',
  '?',
  '??',
  ':name',
  '$1',
  "ST_GeomFromText('POINT(0 0)')",
  '::text',
  '/* */',
  "admin'--",
  '{"$gt": ""}',
];

export const UNICODE_EDGES = [
  '\u0000',
  'a\u0000b',
  '\u0000\u0000\u0000',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '\u202eevil\u202c',
  'مرحبا بالعالم',
  'שלום',
  'e\u0301\u0301\u0301\u0301',
  'Z̴̡̢̛̖̗̘̙̜̝̞̟̠̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼ͅ',
  '😀🏭⚡',
  '👩‍👩‍👧‍👦',
  '🇫🇷',
  '\ufeff',
  '\ufffe\uffff',
  '\u2028\u2029',
  '\r\n\t\v\f\b',
  '\u001b[31m',
  'İıſ',
  'ﬃ',
  'Étrechet-sur-Saône',
  '𝕳𝖊𝖑𝖑𝖔',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  ' ',
  '',
];

export const NUMERIC_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '0x10',
  '0b11',
  '1_000',
  ' 1 ',
  '1,5',
  '9007199254740993',
  '1e20',
  '-1',
  '',
  '٣',
  '１２',
];

const longString = fc
  .tuple(fc.constantFrom('a', 'é', '😀', '\u0000', "'", '%'), fc.integer({ min: 1_000, max: 20_000 }))
  .map(([c, n]) => c.repeat(n));

/** Any string a client could send, with the dangerous ones over-represented. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL_INJECTIONS, ...UNICODE_EDGES, ...NUMERIC_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...UNICODE_EDGES),
        fc.string({ maxLength: 10 }),
        fc.constantFrom(...SQL_INJECTIONS),
      )
      .map(([a, b, c]) => a + b + c),
  },
  { weight: 1, arbitrary: longString },
);

// ---------------------------------------------------------------------------------------------
// JSON values

export const hostileNumber: fc.Arbitrary<number | RawJson | string> = fc.oneof(
  // In range for most fields, so the value gets past zod to the database and the engine.
  fc.double({ min: 0, max: 1000, noNaN: true }),
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    1e-7,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 63,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(
    ...['1e400', '-1e400', '1e-400', '-0.0', '1E+2', '123456789012345678901234567890'].map(
      (t) => new RawJson(t),
    ),
  ),
  fc.constantFrom(...NUMERIC_STRINGS),
);

const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      '\u0000',
      '\ud800',
      '',
      'type',
    ),
  },
);

/** A JSON value (possibly holding RawJson numbers) built from hostile leaves. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.constantFrom(null, true, false),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

// ---------------------------------------------------------------------------------------------
// Mutations of a valid body: the generator reaches the deep validators, not only the first check.

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (out.length > 400) return out;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths(v, [...prefix, i], out);
  } else if (value && typeof value === 'object' && !(value instanceof RawJson))
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

/** Deep copy that keeps RawJson fragments (structuredClone would turn them into plain objects). */
function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v && typeof v === 'object' && !(v instanceof RawJson))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) as T;
  return v;
}

export interface Mutation {
  op: 'replace' | 'delete' | 'addKey' | 'wrap' | 'duplicate';
  at: number;
  /** Any JSON value, used when the mutation is not type-preserving. */
  value: unknown;
  /** Same-type replacements: a hostile string for a string, a hostile number for a number. */
  text: string;
  num: number | RawJson | string;
  typed: boolean;
  key: string;
}

/** Applies one mutation to a copy of `base` (paths are chosen modulo the number of paths). */
export function mutate(base: unknown, m: Mutation): unknown {
  const all = paths(base);
  const path = all[m.at % all.length];
  if (path.length === 0) return m.op === 'replace' ? m.value : m.op === 'wrap' ? [clone(base)] : clone(base);
  const root = clone(base) as Record<string | number, unknown>;
  let parent = root;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  // defineProperty: a "__proto__" key must stay an own, serialised key.
  const set = (o: object, k: string | number, v: unknown) =>
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  switch (m.op) {
    case 'replace': {
      const current = parent[last];
      const typed = !m.typed
        ? m.value
        : typeof current === 'string'
          ? m.text
          : typeof current === 'number'
            ? m.num
            : m.value;
      set(parent, last, typed);
      break;
    }
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'addKey':
      if (parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last]))
        set(parent[last] as object, m.key, m.value);
      else set(parent, last, set({}, m.key, m.value));
      break;
    case 'wrap':
      parent[last] = [parent[last]];
      break;
    case 'duplicate':
      if (Array.isArray(parent)) for (let i = 0; i < 60; i++) parent.push(clone(parent[Number(last)]));
      else parent[last] = [parent[last], parent[last]];
      break;
  }
  return root;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'addKey', 'wrap', 'duplicate'),
  at: fc.nat(),
  value: hostileJson,
  text: hostileString,
  num: hostileNumber,
  typed: fc.boolean(),
  key: hostileKey,
});

/**
 * A body: one of the valid ones with 1–3 mutations, (with `geometry`) a Feature with a hostile
 * geometry, or now and then any JSON value at all.
 */
export function hostileBody(
  valid: readonly unknown[],
  opts: { geometry?: boolean } = {},
): fc.Arbitrary<unknown> {
  const mutated = fc
    .tuple(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([b, ms]) => ms.reduce((acc, m) => mutate(acc, m), b));
  return fc.oneof(
    { weight: 8, arbitrary: mutated },
    { weight: opts.geometry ? 3 : 0, arbitrary: hostileGeometryFeature },
    { weight: 1, arbitrary: hostileJson },
  );
}

// ---------------------------------------------------------------------------------------------
// GeoJSON

const lonLat = fc.tuple(
  fc.double({ min: 1.7, max: 1.8, noNaN: true }),
  fc.double({ min: 48.9, max: 49, noNaN: true }),
);

const badCoordinate = fc.oneof(
  fc.constantFrom(
    new RawJson('1e400'),
    new RawJson('-1e400'),
    'NaN',
    'Infinity',
    '1.5',
    null,
    181,
    -180.0000001,
    90.5,
    -91,
    1e308,
    true,
    [],
    [1, 2],
  ),
  fc.double(),
);

const closedRing = fc.array(lonLat, { minLength: 3, maxLength: 12 }).map((pts) => [...pts, pts[0]]);

/** Geometries that are wrong (or barely right) in every way: open rings, NaN, 1e400, huge, wrong type. */
export const hostileGeometry: fc.Arbitrary<unknown> = fc.oneof(
  closedRing.map((r) => ({ type: 'Polygon', coordinates: [r] })),
  closedRing.map((r) => ({ type: 'MultiPolygon', coordinates: [[r], [], [[]]] })),
  fc.array(lonLat, { minLength: 4, maxLength: 8 }).map((r) => ({ type: 'Polygon', coordinates: [r] })),
  fc.tuple(closedRing, fc.nat(), fc.nat(), badCoordinate).map(([r, i, j, bad]) => {
    const ring = r.map((p) => [...p]) as unknown[][];
    ring[i % ring.length][j % 2] = bad;
    return { type: 'Polygon', coordinates: [ring] };
  }),
  fc.constantFrom(
    { type: 'Polygon', coordinates: [[]] },
    { type: 'Polygon', coordinates: [] },
    { type: 'Polygon', coordinates: [[[]]] },
    { type: 'Polygon', coordinates: [[[], [], [], []]] },
    { type: 'Polygon', coordinates: [[null, null, null, null]] },
    { type: 'MultiPolygon', coordinates: [[[]]] },
    { type: 'MultiPolygon', coordinates: [null] },
    { type: 'MultiPolygon', coordinates: [] },
    {
      type: 'Polygon',
      coordinates: [
        [
          [1.7, 48.9],
          [1.8, 49],
          [1.8, 48.9],
          [1.7, 49],
          [1.7, 48.9],
        ],
      ],
    },
    {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 0],
          [0, 0],
          [0, 0],
        ],
      ],
    },
    {
      type: 'Polygon',
      coordinates: [
        [
          [180, 90],
          [180, -90],
          [-180, -90],
          [180, 90],
        ],
      ],
    },
    {
      type: 'Polygon',
      coordinates: [
        [
          [-180, -90],
          [180, -90],
          [180, 90],
          [-180, 90],
          [-180, -90],
        ],
      ],
    },
    {
      type: 'Polygon',
      coordinates: [
        [
          [1.7, 48.9, 1, 2],
          [1.8, 48.9],
          [1.8, 49],
          [1.7, 48.9],
        ],
      ],
    },
    { type: 'Point', coordinates: [1.7, 48.9] },
    { type: 'GeometryCollection', geometries: [] },
    { type: 'Polygon', coordinates: 'POLYGON((0 0,1 0,1 1,0 0))' },
    {
      type: 'Polygon',
      coordinates: [
        [
          [1.7, 48.9],
          [1.8, 48.9],
          [1.8, 49],
          [1.7, 48.9],
        ],
      ],
      crs: { type: 'name' },
    },
    {
      type: 'polygon',
      coordinates: [
        [
          [1.7, 48.9],
          [1.8, 48.9],
          [1.8, 49],
          [1.7, 48.9],
        ],
      ],
    },
    null,
  ),
  // Many positions (a valid 1,000–3,000-gon; the transport tests send the 2 MB ones).
  fc
    .integer({ min: 1_000, max: 3_000 })
    .map((n) => ({ type: 'Polygon', coordinates: [circle(1.75, 48.95, 0.01, n)] })),
);

export const hostileGeometryFeature = hostileGeometry.map((geometry) => ({
  type: 'Feature',
  properties: { name: 'Fuzz', communeInsee: '78335' },
  geometry,
}));

/** A closed ring of `n` positions around (lon, lat). */
export function circle(lon: number, lat: number, r: number, n: number): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    ring.push([lon + r * Math.cos(a), lat + r * Math.sin(a)]);
  }
  ring.push(ring[0]);
  return ring;
}

// ---------------------------------------------------------------------------------------------
// Query strings and path parameters

/** Percent-encoded fragments written verbatim into a query or path: malformed or dangerous. */
export const RAW_ENCODINGS = [
  '%',
  '%zz',
  '%0',
  '%00',
  '%u0041',
  '%C0%80',
  '%ED%A0%80',
  '%FF%FE',
  '%E0%A4%A',
  '%2F..%2F',
  '+',
  '%20',
  '%26%3D',
  '%F0%9F%98%80',
];

export interface QuerySpec {
  /** Parameter names the endpoint knows. */
  keys: readonly string[];
  /** Values that pass validation, so a request can get past one key to the next. */
  plausible?: Readonly<Record<string, readonly string[]>>;
}

/** encodeURIComponent, except that lone surrogates are sent as their WTF-8 bytes (%ED%A0%80) instead of throwing. */
export function enc(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** `?a=1&a=2&b[]=x&%zz=…`: subsets of the known keys with plausible or hostile values, duplicates, unknown keys. */
export function hostileQuery(spec: QuerySpec): fc.Arbitrary<string> {
  const value = (key: string) =>
    fc.oneof(
      {
        weight: 2,
        arbitrary: fc
          .constantFrom(
            ...((spec.plausible && Object.hasOwn(spec.plausible, key) ? spec.plausible[key] : undefined) ?? [
              '1',
            ]),
          )
          .map(enc),
      },
      { weight: 3, arbitrary: hostileString.map((s) => enc(s.slice(0, 300))) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_ENCODINGS) },
    );
  const keyName = fc.oneof(
    { weight: 6, arbitrary: spec.keys.length ? fc.constantFrom(...spec.keys) : fc.constant('x') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('x', 'LIMIT', 'limit[]', 'limit[a]', 'constructor', '__proto__', '', '%00'),
    },
  );
  const pair = keyName.chain((k) =>
    fc
      .tuple(value(k), fc.integer({ min: 1, max: 3 }))
      .map(([v, n]) => Array.from({ length: n }, () => `${k.startsWith('%') ? k : enc(k)}=${v}`).join('&')),
  );
  // A third of the cases carry no query, so the path and body get past the query check.
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    {
      weight: 2,
      arbitrary: fc.array(pair, { minLength: 1, maxLength: 6 }).map((parts) => `?${parts.join('&')}`),
    },
  );
}

/** Path parameters that are not what the route wants: NUL, traversal, non-UUIDs, huge, encoded junk. */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%00',
    '..',
    '%2e%2e',
    '.',
    '%2F',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '00000000-0000-0000-0000-00000000000g',
    '{00000000-0000-0000-0000-000000000000}',
    '0',
    '-1',
    '1e400',
    'NaN',
    '%E0%A4%A',
    '%ED%A0%80',
    '%F0%9F%98%80',
    '0'.repeat(10_000),
    "'%20OR%20'1'='1",
    'null',
  ),
  fc.constantFrom(...RAW_ENCODINGS),
  hostileString.map((s) => enc(s.slice(0, 500))),
);

// ---------------------------------------------------------------------------------------------
// Uploaded files (the importers)

export type UploadSample =
  | { kind: 'json'; content: unknown }
  | { kind: 'csv'; delimiter: ',' | ';'; content: string[][] };

export interface Upload {
  contentType: string;
  body: string | Buffer;
}

function csvText(rows: string[][], delimiter: string): string {
  const cell = (c: string) => (/[",;\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `${rows.map((r) => r.map(cell).join(delimiter)).join('\n')}\n`;
}

function mutateCsv(rows: string[][], row: number, col: number, value: string): string[][] {
  const out = rows.map((r) => [...r]);
  const r = out[row % out.length];
  r[col % r.length] = value;
  return out;
}

/** A sample file with one hostile cell or JSON mutation, random bytes, or 10 MB of garbage. */
export function hostileUpload(samples: readonly UploadSample[]): fc.Arbitrary<Upload> {
  const contentType = fc.constantFrom(
    'application/octet-stream',
    'text/csv',
    'text/plain',
    'application/geo+json',
  );
  const fromSample = fc
    .tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(), hostileString, mutation)
    .map(([s, row, col, text, m]) =>
      s.kind === 'json'
        ? toJsonText(mutate(s.content, m))
        : csvText(mutateCsv(s.content, row, col, text), s.delimiter),
    );
  const body = fc.oneof(
    { weight: 6, arbitrary: fromSample },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...samples)
        .map((s) => (s.kind === 'json' ? toJsonText(s.content) : csvText(s.content, s.delimiter))),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.from(b)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '\n',
        '\ufeff',
        deepJson(10_000),
        deepJson(10_000, 'object'),
        '\u0000'.repeat(100),
      ),
    },
  );
  return fc.record({ contentType, body });
}

// ---------------------------------------------------------------------------------------------
// Valid needs

/** Needs a client may really send (parsed by needsSchema): every stated need within its limits. */
export const validNeeds = fc
  .record(
    {
      surfaceHa: fc
        .tuple(
          fc.double({ min: 0.01, max: 5000, noNaN: true }),
          fc.option(fc.double({ min: 0, max: 4000, noNaN: true }), { nil: undefined }),
        )
        .map(([min, extra]) => (extra === undefined ? { min } : { min, max: Math.min(5000, min + extra) })),
      powerMw: fc.double({ min: 0, max: 2000, noNaN: true }),
      rampUpMonths: fc.integer({ min: 0, max: 240 }),
      gas: fc.record({
        required: fc.constant(true),
        capacityMwhPerDay: fc.double({ min: 0.1, max: 100_000, noNaN: true }),
      }),
      waterM3PerDay: fc.double({ min: 0, max: 500_000, noNaN: true }),
      wastewaterM3PerDay: fc.double({ min: 0, max: 500_000, noNaN: true }),
      railSiding: fc.constantFrom('required', 'preferred', 'indifferent'),
      quay: fc.constantFrom('required', 'preferred', 'indifferent'),
      fibre: fc.constantFrom('required', 'preferred', 'indifferent'),
      brownfield: fc.constantFrom('required', 'preferred', 'indifferent'),
      maxDistanceKm: fc.record(
        {
          motorway: fc.double({ min: 0.1, max: 1000, noNaN: true }),
          airport: fc.double({ min: 0.1, max: 1000, noNaN: true }),
          port: fc.double({ min: 0.1, max: 1000, noNaN: true }),
          railFreight: fc.double({ min: 0.1, max: 1000, noNaN: true }),
        },
        { requiredKeys: [] },
      ),
      availableBy: fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      maxPriceEurM2: fc.double({ min: 0.01, max: 10_000, noNaN: true }),
      excludeRisks: fc.subarray(['ppri_red', 'pprt', 'natura2000']),
    },
    { requiredKeys: ['surfaceHa'] },
  )
  .map((n) => needsSchema.safeParse(n))
  .filter((r) => r.success)
  .map((r) => r.data!);
