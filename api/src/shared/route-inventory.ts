/**
 * The routes an Express 5 app really registers, as `(METHOD, path)` pairs, and the conversion of
 * Express path patterns to OpenAPI path templates. The OpenAPI test compares the two lists.
 *
 * How: router ≥ 2.3 (Express 5's router) has `router.listRoutes()`, a public API returning
 * `{ path, methods, router }` per layer of one router, including the mount path of a mounted
 * router as the string given to `use()` (older routers kept only a compiled matcher, hence
 * suggestions to monkey-patch `Router.prototype` or to probe URLs). We recurse into mounted
 * routers and join the paths. What it cannot see, and why that is acceptable here:
 * - plain middleware that answers requests by itself (express.static, the UI fallback is a
 *   RegExp route and is reported with `regexp: true` so callers can leave it out);
 * - sub-apps mounted with `app.use(path, express())` (their handler has no `stack`): none exist,
 *   and `listAppRoutes` throws if it meets a mount it cannot open, so one added later is noticed.
 */

interface RouteInfo {
  path: string | RegExp;
  methods?: string[];
  router?: ListableRouter;
}

interface ListableRouter {
  listRoutes?: () => RouteInfo[];
}

export interface AppRoute {
  /** Upper-case HTTP method (`GET`, `POST`…; `ALL` for `.all()`). */
  method: string;
  /** Full Express pattern, e.g. `/tiles/:layer/:z/:x/:y.mvt`; the source for a RegExp route. */
  path: string;
  regexp: boolean;
}

/** Joins a mount path and a sub-path as Express resolves them (`/api` + `/` → `/api`). */
function joinPaths(base: string, sub: string): string {
  const joined = `${base.replace(/\/+$/, '')}/${sub.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : '/';
}

/**
 * Every route of an app built by `express()`: `listAppRoutes(app)` →
 * `[{ method: 'GET', path: '/api/sites/:id', regexp: false }, …]`. The implicit `HEAD` of a
 * `GET` route is left out; a router mounted under a RegExp is refused (its paths are unknowable).
 */
export function listAppRoutes(app: { router: unknown }): AppRoute[] {
  const out: AppRoute[] = [];
  walk(app.router as ListableRouter, '/', out);
  return out;
}

function walk(router: ListableRouter, prefix: string, out: AppRoute[]): void {
  if (typeof router.listRoutes !== 'function') {
    throw new Error(
      `Cannot list the routes mounted at ${prefix}: needs router >= 2.3 (router.listRoutes()).`,
    );
  }
  for (const info of router.listRoutes()) {
    if (info.router) {
      if (typeof info.path !== 'string')
        throw new Error(`A router is mounted under a RegExp below ${prefix}.`);
      walk(info.router, joinPaths(prefix, info.path), out);
      continue;
    }
    const regexp = typeof info.path !== 'string';
    const path = regexp ? String(info.path) : joinPaths(prefix, info.path as string);
    const methods = info.methods ?? [];
    for (const m of methods) {
      if (m === 'HEAD' && methods.includes('GET')) continue;
      out.push({ method: m === '*' ? 'ALL' : m, path, regexp });
    }
  }
}

const PARAM = /:([A-Za-z_$][\w$]*)/g;
// path-to-regexp v8 syntax this converter does not translate: optional groups `{…}`,
// wildcards `*name`, quoted names `:"x"` and the reserved characters it refuses.
const UNSUPPORTED = /[{}*()[\]?+!"\\]/;

/**
 * Express 5 pattern → OpenAPI path template: `toOpenApiPath('/tiles/:layer.json')` →
 * `/tiles/{layer}.json`; `/:z/:x/:y.mvt` → `/{z}/{x}/{y}.mvt` (a name stops at the first
 * character that cannot continue an identifier, as in path-to-regexp). Throws on syntax it
 * does not translate, rather than producing a wrong path.
 */
export function toOpenApiPath(expressPath: string): string {
  if (UNSUPPORTED.test(expressPath)) {
    throw new Error(`Unsupported Express path syntax in ${expressPath}: document it by hand.`);
  }
  return expressPath.replace(PARAM, '{$1}');
}
