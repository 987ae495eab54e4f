import { z } from 'zod';

/** Every bus event: `id` doubles as the JetStream `Nats-Msg-Id`, so a re-publish is dropped. */
export function eventEnvelope<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({
    id: z.string().min(1).max(200),
    type: z.literal(type),
    occurredAt: z.iso.datetime({ offset: true }),
    data,
  });
}

export interface EventContract<T extends string = string, D extends z.ZodType = z.ZodType> {
  readonly subject: T;
  readonly data: D;
  readonly envelope: ReturnType<typeof eventEnvelope<T, D>>;
}

export function defineEvent<T extends string, D extends z.ZodType>(subject: T, data: D): EventContract<T, D> {
  return Object.freeze({ subject, data, envelope: eventEnvelope(subject, data) });
}

export type EventOf<C extends EventContract> = z.infer<C['envelope']>;
export type EventDataOf<C extends EventContract> = z.infer<C['data']>;
