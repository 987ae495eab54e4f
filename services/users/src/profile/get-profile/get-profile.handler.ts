import { Controller, Inject } from '@nestjs/common';
import { GetProfileContract, type Profile } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { GetProfileUseCase } from './get-profile.usecase.js';

@Controller()
export class GetProfileHandler {
  constructor(@Inject(GetProfileUseCase) private readonly useCase: GetProfileUseCase) {}

  @Handles(GetProfileContract)
  get(_request: unknown, context: RequestContext): Promise<Profile> {
    return this.useCase.execute(requireUser(context));
  }
}
