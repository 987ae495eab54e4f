import { Controller, Inject } from '@nestjs/common';
import { CheckoutContract, type CheckoutRequest, type CheckoutSession } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { CreateCheckoutUseCase } from './create-checkout.usecase.js';

@Controller()
export class CheckoutHandler {
  constructor(@Inject(CreateCheckoutUseCase) private readonly useCase: CreateCheckoutUseCase) {}

  @Handles(CheckoutContract)
  checkout(request: CheckoutRequest, context: RequestContext): Promise<CheckoutSession> {
    return this.useCase.execute(requireUser(context), request.planId);
  }
}
