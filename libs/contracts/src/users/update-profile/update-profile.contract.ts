import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { ProfileSchema, UpdateProfileRequestSchema } from '../profile/profile.schema.js';

/** Changes the caller's profile; a stale `expectedVersion` is a Conflict (409). */
export const UpdateProfileContract = defineRequest({
  subject: Subjects.users.updateProfile,
  request: UpdateProfileRequestSchema,
  reply: ProfileSchema,
});
