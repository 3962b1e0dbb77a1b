import type { RouteSpec } from './RouteRegistry.ts';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained, readable API reference (no scripts, no CDN: it works offline). */
export function docsPage(specs: readonly RouteSpec[]): string {
  const tags = [...new Set(specs.map((s) => s.tag))];
  const sections = tags
    .map((tag) => {
      const rows = specs
        .filter((s) => s.tag === tag)
        .map((s) => {
          const shown = (value: unknown) =>
            typeof value === 'string' ? value : JSON.stringify(value, null, 2);
          const own = Object.entries(s.body?.examples ?? {});
          const shared = s.body?.types.filter((t) => !(s.body?.examples && t in s.body.examples)) ?? [];
          const example = [
            ...(s.body?.example === undefined || shared.length === 0
              ? []
              : [[shared.join(' or '), s.body.example]]),
            ...own,
          ]
            .map(
              ([types, value]) =>
                `<details><summary>example body (${esc(String(types))})</summary><pre>${esc(shown(value))}</pre></details>`,
            )
            .join('');
          const query = s.query
            ? `<ul>${Object.entries(s.query)
                .map(([k, v]) => `<li><code>${esc(k)}</code>: ${esc(v)}</li>`)
                .join('')}</ul>`
            : '';
          return `<tr><td><code>${s.method.toUpperCase()}</code></td><td><code>${esc(s.path)}</code></td><td>${esc(
            s.roles.join(', '),
          )}</td><td>${esc(s.summary)}${query}${example}${
            s.errors?.length
              ? `<div class="codes">errors: ${s.errors.map((e) => `<code>${esc(e)}</code>`).join(' ')}</div>`
              : ''
          }</td></tr>`;
        })
        .join('\n');
      return `<h2>${esc(tag)}</h2><table><thead><tr><th>method</th><th>path</th><th>roles</th><th>what</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Continuum API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}td,th{border-bottom:1px solid #d0d7de;padding:.4rem;text-align:left;vertical-align:top}
code{background:#f3f4f6;padding:0 .2rem;border-radius:3px}pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:20rem}.codes{color:#57606a;font-size:.9em}</style></head>
<body><h1>Continuum API reference</h1>
<p>All routes are JSON under <code>/api</code> and need <code>Authorization: Bearer &lt;token&gt;</code>; each lists the roles it admits
(401 without a valid token, 403 with another role). Errors are RFC 9457 <code>application/problem+json</code> with a stable
<code>code</code> and, where one field is at fault, its <code>field</code> path. JSON bodies are limited to 1 MiB (413 beyond).
Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
${sections}</body></html>`;
}
