// The JSON the API answers and the web app reads, as zod schemas (parsed strictly by the API's
// contract tests) and the types inferred from them (imported by the browser). Depends only on
// machines and zod: no Node APIs, so the browser bundle can use it.
export * from './access/me.ts';
export * from './analytics/kpis.ts';
export * from './analytics/processMap.ts';
export * from './analytics/suppression.ts';
export * from './analytics/worklist.ts';
export * from './cases/caseTimeline.ts';
export * from './pathways/pathways.ts';
export * from './simulation/backtest.ts';
export * from './simulation/calibration.ts';
export * from './simulation/simulationResult.ts';
export * from './simulation/simulationRun.ts';
export * from './ingest/ingestReport.ts';
export * from './ingest/importJob.ts';
