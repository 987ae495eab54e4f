import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePorts, repoRoot, type StackPorts } from '@tasksensei/devstack';
import { testStack } from '../../../../test/support/test-stack.js';
import { ChatClient } from './chat-client.js';
import { ScriptedLlm } from './scripted-llm.js';

/** A plan of billing's price sheet, as far as the chat tests change it. */
export interface PlanRow {
  readonly id: string;
  readonly limits: { messagesPerDay: number; automations: string[]; memories?: number } & Record<string, unknown>;
}

export interface ScriptedLlmStackOptions {
  /** Names the temporary data folder and the table prefix (`<name>-e2e-`). */
  readonly name: string;
  /** Environment beside the scripted model's. */
  readonly env?: Record<string, string>;
  /** Changes billing's price sheet before the stack reads it. */
  readonly plans?: (plans: PlanRow[]) => void;
}

/**
 * A stack of its own (own NATS and services, own table prefix, the run's stores) whose chat
 * service talks to a scripted OpenAI-compatible server, so the real @langchain/openai client
 * runs; and a client on its bus. What every chat e2e spec with a scripted model starts.
 */
export class ScriptedLlmStack {
  private constructor(
    readonly llm: ScriptedLlm,
    readonly stack: Stack,
    readonly client: ChatClient,
    readonly dataDir: string,
    /** The environment the stack's services run with, for a second replica. */
    readonly env: Record<string, string>,
  ) {}

  get ports(): StackPorts {
    return this.stack.ports;
  }

  static async start(options: ScriptedLlmStackOptions): Promise<ScriptedLlmStack> {
    const llm = await new ScriptedLlm().start();
    const dataDir = mkdtempSync(join(tmpdir(), `tasksensei-${options.name}-`));
    const env: Record<string, string> = {
      DYNAMODB_TABLE_PREFIX: `${options.name}-e2e-`,
      LLM_BASE_URL: llm.baseUrl,
      LLM_API_KEY: 'sk-test-scripted',
      LLM_MODEL: 'scripted-model',
      EMBEDDINGS_MODEL: 'scripted-embeddings',
      ...options.env,
    };
    if (options.plans) {
      const plans = JSON.parse(readFileSync(join(repoRoot, 'services/billing/config/plans.json'), 'utf8')) as PlanRow[];
      options.plans(plans);
      env.PLANS_FILE = join(dataDir, 'plans.json');
      writeFileSync(env.PLANS_FILE, JSON.stringify(plans));
    }
    const shared = testStack().ports;
    const ports = { ...(await freePorts()), dynamodb: shared.dynamodb, s3: shared.s3, chroma: shared.chroma };
    const stack = await new Stack({ dataDir, ports, startStores: false, logLevel: 'info', env }).start();
    const client = await ChatClient.connect({
      natsUrl: stack.natsUrl,
      natsSeedFiles: stack.natsCredentials.seedFiles,
      assertionSigningKeyFile: stack.assertionKeys.signingKeyFile,
    });
    return new ScriptedLlmStack(llm, stack, client, dataDir, env);
  }

  async stop(): Promise<void> {
    await this.client.close();
    await this.stack.stop();
    this.stack.killAll();
    await this.llm.stop();
    if (!process.env.KEEP_TEST_DATA) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
