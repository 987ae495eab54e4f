import { z } from 'zod';

const IsoWithOffset = z.iso.datetime({ offset: true });

/** An instant as the model must give it; the long regex of z.iso stays out of the model's prompt. */
export const isoDateTime = (description: string) =>
  z
    .string()
    .describe(`${description} ISO 8601 date-time with the user's UTC offset, e.g. 2026-03-11T10:00:00+01:00.`)
    .refine(
      (value) => IsoWithOffset.safeParse(value).success,
      'must be an ISO 8601 date-time with an offset, e.g. 2026-03-11T10:00:00+01:00',
    )
    .transform((value) => new Date(value).toISOString());

export const taskTitle = () =>
  z.string().trim().min(1).max(200).describe('What to do, short, in the user\'s words (e.g. "call the dentist").');
