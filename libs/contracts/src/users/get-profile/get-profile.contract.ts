import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { ProfileSchema } from '../profile/profile.schema.js';

/** The caller's own profile; the user comes from the verified caller, never the body. */
export const GetProfileContract = defineRequest({
  subject: Subjects.users.getProfile,
  request: z.object({}).strict(),
  reply: ProfileSchema,
});
