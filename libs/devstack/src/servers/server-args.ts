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

/**
 * Stops on a signal, and also when the stack runner that started us is gone (so a killed
 * runner leaves no orphan holding a port).
 */
export function exitWithParent(close: () => unknown) {
  const parent = process.ppid;
  const stop = () => {
    void Promise.resolve(close()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop).on('SIGINT', stop);
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      stop();
    }
  }, 1_000).unref();
}
