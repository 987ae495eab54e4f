import { StopReplySignalSchema, Subjects, internalSubject } from '@tasksensei/contracts';
import type { Logger, NatsConnection } from '@tasksensei/platform';

/** The replica-wide stop: whichever chat process writes a reply must hear a stop sent to any. */
export interface StopSignal {
  /** True when the process writing that reply of that user stopped it. */
  send(userId: string, messageId: string): Promise<boolean>;
}

/** How long a stop waits for the replica writing the reply; none answering means none writes it. */
const ANSWER_MS = 1_500;
/** The internal twin: only chat may publish it (libs/contracts security registry), so its payload is trusted. */
const SIGNAL = internalSubject(Subjects.chat.stopReplySignal);

/**
 * Core NATS, chat to chat: every replica subscribes to `chat.internal.v1.replies.stop-signal` without a
 * queue group and only the one holding the reply answers, so the request ends as soon as the
 * reply is stopped, and times out (not stopped) when no process is writing it.
 */
export class NatsStopSignal implements StopSignal {
  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {}

  listen(stop: (userId: string, messageId: string) => boolean): void {
    this.nc.subscribe(SIGNAL, {
      callback: (error, msg) => {
        if (error) return;
        const signal = StopReplySignalSchema.safeParse(safeJson(msg.data));
        if (!signal.success) return;
        if (stop(signal.data.userId, signal.data.messageId)) msg.respond(JSON.stringify({ stopped: true }));
      },
    });
  }

  async send(userId: string, messageId: string): Promise<boolean> {
    try {
      const answer = await this.nc.request(SIGNAL, JSON.stringify({ userId, messageId }), { timeout: ANSWER_MS });
      return (safeJson(answer.data) as { stopped?: unknown } | undefined)?.stopped === true;
    } catch (error) {
      this.logger.debug({ err: error, messageId }, 'no chat replica is writing that reply');
      return false;
    }
  }
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}
