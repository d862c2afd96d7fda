/**
 * The OpenAPI document as one self-contained HTML page: no script (the CSP allows
 * `script-src 'self'` only, and the page needs none: `<details>` folds the operations), no
 * external asset, styles inline. Everything comes from the document, escaped.
 */
import type { OpenApiDocument } from './openapi.document.ts';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const METHOD_COLOURS: Record<string, string> = {
  get: '#1f6feb',
  post: '#1a7f37',
  put: '#9a6700',
  patch: '#8250df',
  delete: '#cf222e',
};

const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** `code` spans for backquoted words, after escaping (descriptions use Markdown-style backquotes). */
const text = (s: unknown) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const anchor = (kind: string, name: string) => `${kind}-${name.replace(/[^\w-]/g, '_')}`;

/** Pretty JSON with `$ref`s turned into links to the schema section. */
function jsonBlock(value: unknown): string {
  const html = esc(JSON.stringify(value, null, 2)).replace(
    /&quot;#\/components\/(schemas|responses)\/([\w.-]+)&quot;/g,
    (_m, kind: string, name: string) =>
      `&quot;<a href="#${anchor(kind === 'schemas' ? 'schema' : 'response', name)}">#/components/${kind}/${name}</a>&quot;`,
  );
  return `<pre>${html}</pre>`;
}

interface Op {
  method: string;
  path: string;
  op: Record<string, any>;
}

function operationsByTag(doc: OpenApiDocument): Map<string, Op[]> {
  const byTag = new Map<string, Op[]>((doc.tags ?? []).map((t: { name: string }) => [t.name, []]));
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, op });
    }
  }
  return byTag;
}

function badge(method: string): string {
  return `<span class="m" style="background:${METHOD_COLOURS[method] ?? '#555'}">${method.toUpperCase()}</span>`;
}

function parametersTable(params: any[]): string {
  if (!params?.length) return '';
  const rows = params
    .map((p) => {
      const s = p.schema ?? {};
      const type = [s.type ?? (s.enum ? 'enum' : s.$ref ? 'object' : ''), s.format].filter(Boolean).join(' ');
      const extra = [
        s.enum ? `one of ${s.enum.map((v: unknown) => `<code>${esc(v)}</code>`).join(', ')}` : '',
        s.default !== undefined ? `default <code>${esc(JSON.stringify(s.default))}</code>` : '',
        s.minimum !== undefined || s.maximum !== undefined
          ? `range ${esc(s.minimum ?? '…')}–${esc(s.maximum ?? '…')}`
          : '',
      ]
        .filter(Boolean)
        .join('; ');
      return `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <b title="required">*</b>' : ''}</td><td>${esc(p.in)}</td><td>${esc(type)}</td><td>${text(p.description)}${extra ? `<br><small>${extra}</small>` : ''}</td></tr>`;
    })
    .join('');
  return `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function contentBlocks(content: Record<string, any> | undefined): string {
  if (!content) return '';
  return Object.entries(content)
    .map(
      ([type, m]) => `<div class="ct"><code>${esc(type)}</code></div>${m?.schema ? jsonBlock(m.schema) : ''}`,
    )
    .join('');
}

function responsesBlock(responses: Record<string, any>): string {
  const items = Object.entries(responses)
    .map(([status, r]) => {
      if (r.$ref) {
        const name = String(r.$ref).split('/').pop()!;
        return `<li><b>${esc(status)}</b> <a href="#${anchor('response', name)}">${esc(name)}</a></li>`;
      }
      const headers = r.headers
        ? ` <small>headers: ${Object.keys(r.headers).map(esc).join(', ')}</small>`
        : '';
      return `<li><b>${esc(status)}</b> ${text(r.description)}${headers}${contentBlocks(r.content)}</li>`;
    })
    .join('');
  return `<h4>Responses</h4><ul class="resp">${items}</ul>`;
}

function securityLine(op: Record<string, any>): string {
  const sec: Array<Record<string, string[]>> = op.security ?? [];
  if (sec.length === 0) return '<p class="sec">No credentials needed.</p>';
  const alt = sec.map((s) => (Object.keys(s).length ? Object.keys(s).join(' + ') : 'anonymous'));
  return `<p class="sec">Credentials: ${alt.map(esc).join(' <i>or</i> ')}</p>`;
}

function operationBlock({ method, path, op }: Op): string {
  return `<details id="${anchor('op', op.operationId)}" class="op"><summary>${badge(method)} <code class="p">${esc(path)}</code> <span>${esc(op.summary)}</span></summary>
<div class="body">${op.description ? `<p>${text(op.description).replace(/\n\n/g, '</p><p>')}</p>` : ''}
<p class="sec">operationId <code>${esc(op.operationId)}</code></p>${securityLine(op)}
${parametersTable(op.parameters)}
${op.requestBody ? `<h4>Request body</h4>${contentBlocks(op.requestBody.content)}` : ''}
${responsesBlock(op.responses ?? {})}</div></details>`;
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
header{padding:1.2rem 2rem;background:#0d2b45;color:#fff}header a{color:#9ecbff}
main{display:flex;gap:2rem;padding:1rem 2rem}nav{flex:0 0 16rem;font-size:14px;position:sticky;top:0;align-self:flex-start;max-height:100vh;overflow:auto}nav ul{padding-left:1rem;margin:.2rem 0 .8rem}
nav a{text-decoration:none}section{flex:1;min-width:0}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
.op{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0}.op>summary{cursor:pointer;padding:.45rem .6rem}
.op[open]>summary{border-bottom:1px solid #d0d7de;background:#f6f8fa}.body{padding:.2rem 1rem 1rem}
.m{display:inline-block;min-width:4.2em;text-align:center;color:#fff;border-radius:4px;font:600 12px/1.8 ui-monospace,monospace}
.p{font-weight:600}code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:90%}
pre{background:#f6f8fa;border:1px solid #eaeef2;border-radius:6px;padding:.6rem;overflow:auto;max-height:28rem;font-size:12.5px}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.sec{color:#57606a;font-size:13px;margin:.3rem 0}.ct{margin-top:.4rem}ul.resp{padding-left:1.2rem}
`;

/** `renderDocsHtml(doc)` → a complete HTML page listing every operation by tag, then the schemas. */
export function renderDocsHtml(doc: OpenApiDocument): string {
  const byTag = operationsByTag(doc);
  const tagInfo = new Map<string, string>((doc.tags ?? []).map((t: any) => [t.name, t.description ?? '']));
  const nav = [...byTag]
    .filter(([, ops]) => ops.length)
    .map(
      ([tag, ops]) =>
        `<b><a href="#${anchor('tag', tag)}">${esc(tag)}</a></b><ul>${ops
          .map(
            (o) =>
              `<li><a href="#${anchor('op', o.op.operationId)}">${esc(o.method.toUpperCase())} ${esc(o.path)}</a></li>`,
          )
          .join('')}</ul>`,
    )
    .join('');
  const sections = [...byTag]
    .filter(([, ops]) => ops.length)
    .map(
      ([tag, ops]) =>
        `<h2 id="${anchor('tag', tag)}">${esc(tag)}</h2><p>${text(tagInfo.get(tag))}</p>${ops.map(operationBlock).join('\n')}`,
    )
    .join('\n');
  const comps = doc.components ?? {};
  const schemaBlocks = Object.entries<unknown>(comps.schemas ?? {})
    .map(
      ([name, s]) =>
        `<details id="${anchor('schema', name)}" class="op"><summary><code class="p">${esc(name)}</code></summary><div class="body">${jsonBlock(s)}</div></details>`,
    )
    .join('\n');
  const responseBlocks = Object.entries<any>(comps.responses ?? {})
    .map(
      ([name, r]) =>
        `<details id="${anchor('response', name)}" class="op"><summary><code class="p">${esc(name)}</code> ${text(r.description)}</summary><div class="body">${contentBlocks(r.content)}</div></details>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info?.title)} ${esc(doc.info?.version)}</title><style>${STYLE}</style></head>
<body><header><h1>${esc(doc.info?.title)} <small>${esc(doc.info?.version)}</small></h1>
<p>${text(doc.info?.summary)}</p><p>${text(doc.info?.description)}</p>
<p>OpenAPI ${esc(doc.openapi)}: <a href="openapi.json">openapi.json</a></p></header>
<main><nav>${nav}<b><a href="#schemas">schemas</a></b></nav>
<section>${sections}
<h2 id="responses">Error responses</h2>${responseBlocks}
<h2 id="schemas">Schemas</h2>${schemaBlocks}</section></main></body></html>
`;
}
