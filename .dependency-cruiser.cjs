// The architecture as rules (run by `npm test`): dependencies point apps -> packages -> machines,
// sibling packages import only the siblings the architecture allows, and nothing imports in a cycle.

/** Which workspace folders each package may import besides itself (tests included). */
const allowed = {
  'machines/': [],
  'packages/threads/': [],
  'packages/contracts/': ['machines/'],
  'packages/analytics/': ['machines/'],
  'packages/formats/': ['machines/'],
  'packages/simulator/': ['machines/', 'packages/threads/'],
  'packages/store/': ['machines/', 'packages/threads/', 'db/migrations/'],
  'apps/web/': ['machines/', 'packages/contracts/'],
};

const WORKSPACE = '^(machines|packages/[^/]+|apps/[^/]+|db/migrations)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle means two modules are one concept split in two, or one leans on the other upward.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-not-apps',
      severity: 'error',
      comment: 'Packages and machines know nothing of the apps that use them.',
      from: { path: '^(packages|machines|db)/' },
      to: { path: '^apps/' },
    },
    ...Object.entries(allowed).map(([from, to]) => ({
      name: `layer-${from.replace(/\/$/, '').replace('/', '-')}`,
      severity: 'error',
      comment: `${from} may import only ${to.join(', ') || 'nothing else in the workspace'}.`,
      from: { path: `^${from}` },
      to: {
        path: WORKSPACE,
        pathNot: [`^${from}`, ...to.map((t) => `^${t}`)],
      },
    })),
    {
      name: 'api-services-not-routes',
      severity: 'error',
      comment:
        "The API's services (running simulations, imports, backtests) know nothing of HTTP: routes call services, never the reverse; a service refuses with its own errors, which the HTTP layer maps to problem+json.",
      from: { path: '^apps/api/src/services/' },
      to: { path: '^apps/api/src/(routes|http)/' },
    },
    {
      name: 'browser-code-no-node',
      severity: 'error',
      comment:
        'The web app and the contracts it shares with the API run in the browser: no Node built-ins (the web package entry, which tells the server where the build is, runs in Node).',
      from: {
        path: '^(apps/web/src|packages/contracts)/',
        pathNot: '^apps/web/src/index\\.ts$|\\.test\\.tsx?$',
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-tests-support-from-production',
      severity: 'error',
      comment: 'Production code never imports the shared test support.',
      from: { path: '^(machines|packages|apps|db)/', pathNot: '\\.(test|e2e|fixture)\\.tsx?$|/testing/' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
  },
};
