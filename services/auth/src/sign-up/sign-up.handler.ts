import { Controller, Inject } from '@nestjs/common';
import { SignupContract, type SignupRequest } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { SIGN_UP } from '../auth.tokens.js';
import type { SignupUseCase } from './sign-up.usecase.js';

@Controller()
export class SignupHandler {
  constructor(@Inject(SIGN_UP) private readonly signup: SignupUseCase) {}

  @Handles(SignupContract)
  handle(request: SignupRequest): Promise<{ userId: string }> {
    return this.signup.execute(request);
  }
}
