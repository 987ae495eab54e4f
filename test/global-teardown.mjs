import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const stack = globalThis.__TASKSENSEI_STACK__;
  if (!stack) return;
  await stack.stop();
  stack.killAll();
  if (!process.env.KEEP_TEST_DATA) rmSync(stack.dataDir, { recursive: true, force: true });
}
