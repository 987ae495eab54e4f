export function optionalArg(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

export function requiredArg(name: string): string {
  const value = optionalArg(name);
  if (!value) {
    process.stderr.write(`missing ${name}\n`);
    process.exit(64);
  }
  return value;
}

/** How long an orderly close may take before the process exits anyway. */
const CLOSE_DEADLINE_MS = 3_000;

/**
 * Stops on a signal, and also when the stack runner that started us is gone (so a killed
 * runner leaves no orphan holding a port). The close is bounded: a server still waiting on
 * open connections after CLOSE_DEADLINE_MS exits regardless (`force` first, for a child of
 * ours), so no stop ever leaves a store behind.
 */
export function exitWithParent(close: () => unknown, force?: () => void) {
  const parent = process.ppid;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      force?.();
      process.exit(0);
    }, CLOSE_DEADLINE_MS).unref();
    void Promise.resolve()
      .then(close)
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop).on('SIGINT', stop).on('SIGHUP', stop);
  setInterval(() => {
    // Re-parented (to init or a subreaper) means the runner has died without stopping us.
    if (process.ppid !== parent) return stop();
    try {
      process.kill(parent, 0);
    } catch {
      stop();
    }
  }, 1_000).unref();
}
