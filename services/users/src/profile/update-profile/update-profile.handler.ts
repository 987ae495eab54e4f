import { Controller, Inject } from '@nestjs/common';
import { UpdateProfileContract, type Profile, type UpdateProfileRequest } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { UpdateProfileUseCase } from './update-profile.usecase.js';

@Controller()
export class UpdateProfileHandler {
  constructor(@Inject(UpdateProfileUseCase) private readonly useCase: UpdateProfileUseCase) {}

  @Handles(UpdateProfileContract)
  update(request: UpdateProfileRequest, context: RequestContext): Promise<Profile> {
    return this.useCase.execute(requireUser(context), request);
  }
}
