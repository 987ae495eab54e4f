import type { z } from 'zod';

/** A request/reply message pair on one subject, validated on both sides. */
export interface RequestContract<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly request: Req;
  readonly reply: Res;
}

export type RequestOf<C extends RequestContract> = z.input<C['request']>;
export type ReplyOf<C extends RequestContract> = z.output<C['reply']>;

export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(
  contract: RequestContract<Req, Res>,
): RequestContract<Req, Res> {
  return Object.freeze(contract);
}
