import { zodIssues } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import { tool, type StructuredTool } from 'langchain';
import { failure, type Automation, type AutomationContext, type AutomationResult } from './automation.js';
import type { AutomationRecordStore } from './automation-record.store.js';

export interface AutomationOutcome {
  readonly name: string;
  readonly input: unknown;
  readonly result: AutomationResult;
  /** The short line kept in the conversation's history. */
  readonly description: string;
  /** True when the call had run before (a retried reply) and was not run again. */
  readonly replayed: boolean;
}

export interface ToolCallRequest {
  readonly name: string;
  readonly args: unknown;
}

/**
 * Runs the model's tool calls: each is validated against its zod schema, checked against the
 * user's plan, recorded (who, what, when, result) and made idempotent by its place in the reply
 * (message id, call index): a call that succeeded before answers its recorded result instead of
 * running again, so a retried reply never creates the same task twice.
 */
export class AutomationRunner {
  private readonly byName: Map<string, Automation>;

  constructor(
    automations: readonly Automation[],
    private readonly records: AutomationRecordStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.byName = new Map(automations.map((a) => [a.name, a]));
  }

  /** The tools as LangChain tools, for `model.bindTools` (their schemas are what the model sees). */
  langChainTools(): StructuredTool[] {
    return [...this.byName.values()].map(
      (automation) =>
        tool(() => Promise.reject(new Error('automations run through AutomationRunner')), {
          name: automation.name,
          description: automation.description,
          schema: automation.schema,
        }) as unknown as StructuredTool,
    );
  }

  async run(call: ToolCallRequest, context: AutomationContext): Promise<AutomationOutcome> {
    const previous = await this.records.get(context.messageId, context.callIndex);
    if (previous?.status === 'succeeded' && previous.name === call.name) {
      const result = previous.result as AutomationResult;
      const automation = this.byName.get(call.name);
      return {
        name: call.name,
        input: previous.input,
        result,
        description: automation ? automation.describe(previous.input as never, result, context.timezone) : call.name,
        replayed: true,
      };
    }

    const automation = this.byName.get(call.name);
    if (!automation)
      return this.settle(
        context,
        call.name,
        call.args,
        failure('unknown_tool', `There is no automation called ${call.name}.`),
        `${call.name} does not exist.`,
      );
    const parsed = automation.schema.safeParse(call.args ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return this.settle(
        context,
        call.name,
        call.args,
        failure('invalid_arguments', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues }),
        `${call.name} was called with invalid arguments.`,
      );
    }
    if (!context.limits.automations.includes(automation.name)) {
      const result = failure(
        'not_in_plan',
        `${automation.name} is not part of the ${context.limits.planName} plan; upgrading unlocks it.`,
        { plan: context.limits.planId },
      );
      return this.settle(context, automation.name, parsed.data, result, automation.describe(parsed.data, result, context.timezone));
    }

    await this.records.start({
      messageId: context.messageId,
      callIndex: context.callIndex,
      userId: context.userId,
      conversationId: context.conversationId,
      name: automation.name,
      input: parsed.data,
      status: 'running',
      startedAt: this.clock.now().toISOString(),
    });
    let result: AutomationResult;
    try {
      result = await automation.run(parsed.data, context);
    } catch (error) {
      this.logger.error({ err: error, automation: automation.name }, 'automation failed');
      result = failure('failed', `${automation.name} failed unexpectedly.`);
    }
    await this.records.finish(
      context.messageId,
      context.callIndex,
      result.ok ? 'succeeded' : 'failed',
      result,
      this.clock.now().toISOString(),
    );
    this.logger.info(
      { automation: automation.name, callIndex: context.callIndex, ok: result.ok, ...(result.ok ? {} : { error: result.error }) },
      'automation ran',
    );
    return {
      name: automation.name,
      input: parsed.data,
      result,
      description: automation.describe(parsed.data, result, context.timezone),
      replayed: false,
    };
  }

  /** A call refused before running is still recorded, so the log shows every attempt. */
  private async settle(
    context: AutomationContext,
    name: string,
    input: unknown,
    result: AutomationResult,
    description: string,
  ): Promise<AutomationOutcome> {
    const now = this.clock.now().toISOString();
    await this.records.start({
      messageId: context.messageId,
      callIndex: context.callIndex,
      userId: context.userId,
      conversationId: context.conversationId,
      name,
      input: input ?? null,
      status: 'failed',
      result,
      startedAt: now,
      finishedAt: now,
    });
    return { name, input, result, description, replayed: false };
  }
}
