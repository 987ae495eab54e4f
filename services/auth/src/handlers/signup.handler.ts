import { Controller, Inject } from '@nestjs/common';
import { SignupContract, type SignupRequest } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { SignupUseCase } from '../accounts/signup.usecase.js';

@Controller()
export class SignupHandler {
  constructor(@Inject(SignupUseCase) private readonly signup: SignupUseCase) {}

  @Handles(SignupContract)
  handle(request: SignupRequest): Promise<{ userId: string }> {
    return this.signup.execute(request, { at: new Date() });
  }
}
