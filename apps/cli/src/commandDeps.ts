import type { CliConfig } from './config.ts';
import type { Output } from './output.ts';

/** What commands receive from the program: configuration and output, resolved lazily after parsing. */
export interface CommandDeps {
  config(): CliConfig;
  output(): Output;
}
