import { GetProfileContract, ProfileSchema } from '@tasksensei/contracts';

/**
 * users.v1.profile.get as the bench reads it: the fields it looks at checked, the rest passed on as is. The full contract
 * refuses a reply without a field added since (`--before` runs the stack of an older commit).
 */
export const ProfileReadContract = Object.freeze({
  ...GetProfileContract,
  reply: ProfileSchema.pick({ userId: true, membership: true }).loose(),
});
