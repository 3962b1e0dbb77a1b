export { createProgram } from './program.ts';
export { ExitCode, CliError, type ExitCodeValue } from './exitCodes.ts';
export { readConfig, type CliConfig } from './config.ts';
