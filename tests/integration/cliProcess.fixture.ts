import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `npx tsx apps/cli/src/main.ts` runs. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a finished `continuum` process left behind. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `continuum` command as a child process and collects its output and exit code. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a long-running `continuum` process (serve); the caller stops it. */
export function startCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn('npx', ['tsx', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
}
