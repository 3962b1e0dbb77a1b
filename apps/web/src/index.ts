import { fileURLToPath } from 'node:url';

/** Where `npm run build -w @continuum/web` writes the app, so the API server can serve it at `/`. */
export const webDistDir = fileURLToPath(new URL('../dist', import.meta.url));
