import type { RouteSpec } from './RouteRegistry.ts';

const problemRef = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemRef } },
});

/** Builds the OpenAPI 3.1 document from the routes as registered (so it cannot drift from them). */
export function buildOpenApi(specs: readonly RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const s of specs) {
    const path = s.path.replace(/:(\w+)/g, '{$1}');
    const params = [...s.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = Object.entries(s.query ?? {}).map(([name, description]) => ({
      name,
      in: 'query',
      required: false,
      description,
      schema: { type: 'string' },
    }));
    const success = s.success ?? { status: 200, description: 'OK' };
    paths[path] ??= {};
    paths[path][s.method] = {
      summary: s.summary,
      description: `Roles: ${s.roles.join(', ')}.${s.errors?.length ? ` Error codes: ${s.errors.join(', ')}.` : ''}`,
      tags: [s.tag],
      security: [{ bearer: [] }],
      'x-roles': s.roles,
      parameters: [...params, ...query],
      ...(s.body
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                s.body.types.map((t) => {
                  const example = s.body?.examples?.[t] ?? s.body?.example;
                  return [t, example === undefined ? {} : { example }];
                }),
              ),
            },
          }
        : {}),
      responses: {
        [String(success.status)]: { description: success.description, content: { 'application/json': {} } },
        '401': problemResponse('No token, or an unknown or revoked one'),
        '403': problemResponse(`The token's role is not one of: ${s.roles.join(', ')}`),
        default: problemResponse('Any other refusal: see `code` and `field`'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Continuum API',
      version: '1.0.0',
      description:
        "Multi-agency children's case pathways: pathways, anonymised cases moved through the statechart, bulk ingest, analytics and simulation. Every error is RFC 9457 problem+json with a stable `code`.",
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', description: 'stable machine-readable reason' },
            field: { type: 'string', description: 'path of the field at fault' },
          },
        },
      },
    },
    paths,
  };
}
