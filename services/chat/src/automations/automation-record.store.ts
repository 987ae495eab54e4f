/** One tool call as it happened: who, what, when, and the result. */
export interface AutomationRecord {
  readonly messageId: string;
  readonly callIndex: number;
  readonly userId: string;
  readonly conversationId: string;
  readonly name: string;
  readonly input: unknown;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly result?: unknown;
  readonly startedAt: string;
  readonly finishedAt?: string;
}

export interface AutomationRecordStore {
  get(messageId: string, callIndex: number): Promise<AutomationRecord | undefined>;
  start(record: AutomationRecord): Promise<void>;
  finish(messageId: string, callIndex: number, status: 'succeeded' | 'failed', result: unknown, finishedAt: string): Promise<void>;
}
