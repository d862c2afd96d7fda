/**
 * Builds the OpenAPI 3.1 document from the operation table and the zod schemas, with zod 4's own
 * `z.toJSONSchema` (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect, so no translation):
 * requests in their input shape (what clients send: `limit` optional with its default),
 * responses in their output shape. Named schemas come out as `$defs` of each conversion and are
 * hoisted into `components.schemas`; a schema whose input and output shapes differ gets two
 * components, `X` (output) and `XInput`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../config.ts';
import { COMPONENTS, INPUT_SHAPED, openapiRegistry } from './openapi.registry.ts';
import { errorSchema, ogcExceptionSchema } from './openapi.schemas.ts';
import type {
  Body,
  CommonError,
  HeaderName,
  OperationSpec,
  ParamSpec,
  QuerySpec,
  TagSpec,
} from './openapi.types.ts';

export type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, any>;
type Io = 'input' | 'output';

const COMPONENT_REF = '#/components/schemas/';
// Placeholder refs carry the conversion's io until component names are settled.
const PENDING = /^lm-ref:(input|output):(.+)$/;
// zod emits the full regex next to these formats; the format says it for readers and tools.
const FORMATS_WITH_PATTERN = new Set(['uuid', 'date', 'date-time', 'email']);

function tidy(ctx: { jsonSchema: JsonSchema }): void {
  const js = ctx.jsonSchema;
  if (typeof js.format === 'string' && FORMATS_WITH_PATTERN.has(js.format)) delete js.pattern;
  if (js.type === 'integer') {
    if (js.minimum === Number.MIN_SAFE_INTEGER) delete js.minimum;
    if (js.maximum === Number.MAX_SAFE_INTEGER) delete js.maximum;
  }
}

/** Applies `fn` to every object in a JSON tree (depth first), in place. */
function visit(node: unknown, fn: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const x of node) visit(x, fn);
  else if (node && typeof node === 'object') {
    fn(node as Record<string, unknown>);
    for (const v of Object.values(node)) visit(v, fn);
  }
}

/** zod → JSON Schema with component refs resolved once every conversion is known. */
class SchemaConverter {
  private readonly defs: Record<Io, Map<string, JsonSchema>> = { input: new Map(), output: new Map() };
  private readonly produced: JsonSchema[] = [];

  convert(schema: z.ZodType, io: Io): JsonSchema {
    const js = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      metadata: openapiRegistry,
      override: tidy,
    }) as JsonSchema;
    const defs = (js.$defs ?? {}) as Record<string, JsonSchema>;
    delete js.$defs;
    delete js.$schema;
    for (const [id, def] of Object.entries(defs)) {
      this.mark(def, io);
      if (!this.defs[io].has(id)) this.defs[io].set(id, def);
    }
    this.mark(js, io);
    this.produced.push(js);
    return js;
  }

  private mark(js: JsonSchema, io: Io): void {
    visit(js, (o) => {
      if (typeof o.$ref === 'string' && o.$ref.startsWith('#/$defs/')) {
        const id = o.$ref.slice('#/$defs/'.length);
        o.$ref = `lm-ref:${INPUT_SHAPED.has(id) ? 'input' : io}:${id}`;
      }
    });
  }

  /** Settles component names, rewrites every ref and returns `components.schemas`. */
  finish(): Record<string, JsonSchema> {
    for (const id of INPUT_SHAPED) {
      this.defs.output.delete(id);
      if (this.referenced(id) && !this.defs.input.has(id)) this.convert(COMPONENTS.get(id)!, 'input');
    }
    const invariant = this.ioInvariantIds();
    const name = (io: Io, id: string) =>
      io === 'input' && this.defs.output.has(id) && !invariant.has(id) ? `${id}Input` : id;
    const schemas: Record<string, JsonSchema> = {};
    for (const io of ['output', 'input'] as const) {
      for (const [id, def] of this.defs[io]) schemas[name(io, id)] ??= def;
    }
    const rewrite = (o: Record<string, unknown>) => {
      const m = typeof o.$ref === 'string' ? PENDING.exec(o.$ref) : null;
      if (m) o.$ref = COMPONENT_REF + name(m[1] as Io, m[2]);
    };
    for (const js of [...this.produced, ...Object.values(schemas)]) visit(js, rewrite);
    return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  }

  private referenced(id: string): boolean {
    let found = false;
    const all = [...this.produced, ...this.defs.input.values(), ...this.defs.output.values()];
    for (const js of all) visit(js, (o) => (found ||= o.$ref === `lm-ref:input:${id}`));
    return found;
  }

  /** Ids whose input and output shapes are the same JSON, nested components included. */
  private ioInvariantIds(): Set<string> {
    const strip = (js: JsonSchema) => JSON.stringify(js).replace(/lm-ref:(input|output):/g, 'lm-ref:');
    const refsOf = (js: JsonSchema) =>
      [...JSON.stringify(js).matchAll(/lm-ref:(?:input|output):([^"]+)/g)].map((m) => m[1]);
    const same = new Set<string>();
    for (const [id, input] of this.defs.input) {
      const output = this.defs.output.get(id);
      if (!output || strip(input) === strip(output)) same.add(id);
    }
    // A schema is invariant only if every component it refers to is too.
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of same) {
        const deps = [this.defs.input.get(id)!, this.defs.output.get(id)]
          .filter(Boolean)
          .flatMap((d) => refsOf(d!));
        if (deps.some((d) => this.defs.input.has(d) && this.defs.output.has(d) && !same.has(d))) {
          same.delete(id);
          changed = true;
        }
      }
    }
    return same;
  }
}

// ---------------------------------------------------------------------------------------------
// Shared components

const HEADERS: Record<HeaderName, { description: string; schema: JsonSchema }> = {
  ETag: {
    description:
      'Entity tag; send it back in If-None-Match for a 304, or (versioned resources: `"<version>"`) in If-Match for a write that must not overwrite a newer version.',
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description: 'How long shared and private caches may keep the response.',
    schema: { type: 'string' },
  },
  Location: { description: 'URL of the created resource.', schema: { type: 'string' } },
  'Content-Disposition': { description: '`attachment; filename="…"`.', schema: { type: 'string' } },
  'Set-Cookie': {
    description: 'The `lm_session` cookie (httpOnly, SameSite=Strict).',
    schema: { type: 'string' },
  },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  'X-Number-Matched': {
    description: 'Sites matching the filters, before limit/offset.',
    schema: { type: 'integer' },
  },
};

const ERRORS: Record<CommonError, { name: string; description: string; headers?: HeaderName[] }> = {
  400: { name: 'BadRequest', description: 'Invalid input: the message and `details` name each wrong field.' },
  401: { name: 'Unauthorized', description: 'Not signed in, or the API token is invalid or revoked.' },
  403: {
    name: 'Forbidden',
    description:
      'The role may not do this, the resource belongs to another territory, or a session write lacks the right X-CSRF-Token.',
  },
  404: { name: 'NotFound', description: 'No such resource (or not visible to the caller).' },
  409: {
    name: 'Conflict',
    description:
      'The resource already exists, or is not in the state the request needs (e.g. restoring what is not deleted).',
  },
  410: {
    name: 'Gone',
    description:
      'Deleted, and restorable (`site_deleted`, `project_deleted`): `details` says when and by whom. Anonymous callers get 404.',
  },
  412: {
    name: 'PreconditionFailed',
    description:
      '`version_conflict`: If-Match names an older version; `details.current` gives the version, when and by whom it was changed. Reload before saving.',
  },
  413: { name: 'PayloadTooLarge', description: 'The body exceeds the configured limit.' },
  415: { name: 'UnsupportedMediaType', description: 'Wrong content type for this body.' },
  429: {
    name: 'TooManyRequests',
    description: 'Rate limit reached; wait Retry-After seconds.',
    headers: ['Retry-After'],
  },
  503: {
    name: 'Unavailable',
    description: 'The database is unreachable or the query was cancelled by the timeout; retry later.',
    headers: ['Retry-After'],
  },
};

const SECURITY_SCHEMES = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'lm_session',
    description: 'Browser session from POST /api/auth/login.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: 'The session’s CSRF token (login response or GET /api/auth/me); required on session writes.',
  },
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'lmt_…',
    description: 'Personal API token (`npm run token:create`); needs no CSRF token.',
  },
};

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

function security(op: OperationSpec): Array<Record<string, string[]>> {
  if (op.auth === 'none') return [];
  const session: Record<string, string[]> = WRITE_METHODS.has(op.method)
    ? { sessionCookie: [], csrfToken: [] }
    : { sessionCookie: [] };
  const schemes = [session, { bearerToken: [] }];
  return op.auth === 'optional' ? [{}, ...schemes] : schemes;
}

// ---------------------------------------------------------------------------------------------
// Operations

function media(body: Body, io: Io, conv: SchemaConverter): Record<string, unknown> {
  if (body === 'binary') return {};
  if (body === 'text') return { schema: { type: 'string' } };
  return { schema: conv.convert(body, io) };
}

function content(bodies: Record<string, Body>, io: Io, conv: SchemaConverter) {
  return Object.fromEntries(Object.entries(bodies).map(([type, b]) => [type, media(b, io, conv)]));
}

function param(name: string, where: 'path' | 'header', p: ParamSpec, conv: SchemaConverter) {
  return {
    name,
    in: where,
    required: where === 'path',
    description: p.description,
    schema: conv.convert(p.schema, 'input'),
    example: p.example,
  };
}

function queryParams(q: QuerySpec, conv: SchemaConverter) {
  const js = conv.convert(q.schema, 'input');
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries((js.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name),
    description: q.docs[name] ?? '',
    schema,
  }));
}

function responses(op: OperationSpec, conv: SchemaConverter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    out[status] = {
      description: r.description,
      ...(r.headers
        ? { headers: Object.fromEntries(r.headers.map((h) => [h, { $ref: `#/components/headers/${h}` }])) }
        : {}),
      ...(r.content ? { content: content(r.content, 'output', conv) } : {}),
    };
  }
  for (const status of op.errors ?? []) {
    out[String(status)] ??= { $ref: `#/components/responses/${errorName(status, op.ogc)}` };
  }
  return out;
}

const errorName = (status: CommonError, ogc?: boolean) => `${ogc ? 'Ogc' : ''}${ERRORS[status].name}`;

function operation(op: OperationSpec, conv: SchemaConverter): Record<string, unknown> {
  const parameters = [
    ...Object.entries(op.pathParams ?? {}).map(([n, p]) => param(n, 'path', p, conv)),
    ...(op.query ? queryParams(op.query, conv) : []),
    ...Object.entries(op.headers ?? {}).map(([n, p]) => param(n, 'header', p, conv)),
  ];
  const roles = op.roles ? `Roles: ${op.roles.join(', ')}.` : '';
  const description = [op.description, roles].filter(Boolean).join('\n\n');
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(description ? { description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            ...(op.body.description ? { description: op.body.description } : {}),
            content: content(op.body.content, 'input', conv),
          },
        }
      : {}),
    responses: responses(op, conv),
    security: security(op),
    ...(op.roles ? { 'x-roles': op.roles } : {}),
  };
}

function errorResponses(ops: readonly OperationSpec[], conv: SchemaConverter) {
  const used = new Map<string, { status: CommonError; ogc: boolean }>();
  for (const op of ops)
    for (const s of op.errors ?? []) used.set(errorName(s, op.ogc), { status: s, ogc: !!op.ogc });
  const out: Record<string, unknown> = {};
  for (const [name, { status, ogc }] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    const e = ERRORS[status];
    out[name] = {
      description: e.description,
      ...(e.headers
        ? { headers: Object.fromEntries(e.headers.map((h) => [h, { $ref: `#/components/headers/${h}` }])) }
        : {}),
      content: {
        'application/json': { schema: conv.convert(ogc ? ogcExceptionSchema : errorSchema, 'output') },
      },
    };
  }
  return out;
}

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

/** The whole document: `buildOpenApiDocument(OPERATIONS, TAGS).paths['/api/sites'].get.operationId` → 'listSites'. */
export function buildOpenApiDocument(
  ops: readonly OperationSpec[],
  tags: readonly TagSpec[],
): OpenApiDocument {
  const conv = new SchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    paths[op.path] ??= {};
    if (paths[op.path][op.method])
      throw new Error(`${op.method.toUpperCase()} ${op.path} is documented twice.`);
    paths[op.path][op.method] = operation(op, conv);
  }
  const errResponses = errorResponses(ops, conv);
  const schemas = conv.finish();
  return {
    openapi: '3.1.0',
    info: {
      title: 'landmatch API',
      version: packageVersion(),
      summary: 'French industrial sites, their infrastructure, and matching them to investor projects.',
      description:
        'JSON uses camelCase. Errors are `{ "error": { "code", "message", "details" } }` (OGC exceptions ' +
        '`{ "code", "description" }` under /ogc) with a 4xx status for anything the caller got wrong. ' +
        'Browsers sign in with POST /api/auth/login (cookie `lm_session`) and send `X-CSRF-Token` on writes; ' +
        'scripts send `Authorization: Bearer lmt_…`. Readable version: /api/docs.',
    },
    servers: [{ url: '/' }],
    tags: tags.map((t) => ({ ...t })),
    paths,
    components: {
      schemas,
      responses: errResponses,
      headers: HEADERS,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
