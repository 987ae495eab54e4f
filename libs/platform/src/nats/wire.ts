import { z } from 'zod';

/**
 * The NestJS NATS transport's JSON packets. Requests carry an `id` (without one Nest treats
 * the message as a fire-and-forget event and sends no reply).
 */
export interface RequestPacket {
  pattern: string;
  data: unknown;
  id: string;
}

export const ReplyPacketSchema = z.object({
  id: z.string().optional(),
  response: z.unknown().optional(),
  err: z.unknown().optional(),
  isDisposed: z.boolean().optional(),
});
