/** Worker threads that run the monorepo's TypeScript source. */
export { typescriptWorker } from './typescriptWorker.ts';
