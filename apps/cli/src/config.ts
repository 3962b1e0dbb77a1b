import { resolve } from 'node:path';
import { CliError, ExitCode } from './exitCodes.ts';

/** Everything the process environment configures; read here and nowhere else. */
export interface CliConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  hmacSecret: string | undefined;
}

/**
 * Reads DATABASE_URL, CONTINUUM_DATA_DIR (default ./data), PORT (default 3000), HOST (default
 * 127.0.0.1) and CONTINUUM_HMAC_KEY (default: a key generated in the data folder).
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliError(
      `PORT must be an integer from 0 to 65535, not "${env.PORT}".`,
      ExitCode.usage,
      'bad_config',
    );
  }
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.CONTINUUM_DATA_DIR || './data'),
    port,
    host: env.HOST || '127.0.0.1',
    hmacSecret: env.CONTINUUM_HMAC_KEY || undefined,
  };
}
