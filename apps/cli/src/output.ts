import cliProgress from 'cli-progress';

/** How a command reports: human text on stdout, or one JSON document for scripts (`--json`). */
export interface Output {
  json: boolean;
  /** Prints the human text, or the JSON value when `--json` was given. */
  result(human: string, value: unknown): void;
  /** A line of commentary on stderr (suppressed with --json so stdout stays parseable, stderr quiet). */
  info(line: string): void;
  /**
   * Runs work with a progress bar on stderr (only when stderr is a terminal), stopping the bar however
   * the work ends: a bar left running keeps the process alive and the cursor hidden.
   */
  track<T>(label: string, total: number, work: (bar: Progress) => Promise<T>): Promise<T>;
}

/** A progress bar handle. */
export interface Progress {
  update(value: number, total?: number): void;
  stop(): void;
}

/** A bar that draws nothing. */
export const noProgress: Progress = { update: () => {}, stop: () => {} };

/** The Output for a run; `isTTY` decides whether progress bars are drawn. */
export function createOutput(json: boolean, isTTY = process.stderr.isTTY === true): Output {
  return {
    json,
    result(human, value) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);
    },
    info(line) {
      if (!json) process.stderr.write(`${line}\n`);
    },
    async track(label, total, work) {
      const bar = isTTY ? startBar(label, total) : noProgress;
      try {
        return await work(bar);
      } finally {
        bar.stop();
      }
    },
  };
}

/** A cli-progress bar drawn on stderr. */
function startBar(label: string, total: number): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% {value}/{total}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (value, newTotal) => {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value);
    },
    stop: () => bar.stop(),
  };
}
