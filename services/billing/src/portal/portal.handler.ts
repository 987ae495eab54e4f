import { Controller, Inject } from '@nestjs/common';
import { PortalContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { CreatePortalUseCase } from './create-portal.usecase.js';

@Controller()
export class PortalHandler {
  constructor(@Inject(CreatePortalUseCase) private readonly useCase: CreatePortalUseCase) {}

  @Handles(PortalContract)
  portal(_request: unknown, context: RequestContext): Promise<{ url: string }> {
    return this.useCase.execute(requireUser(context));
  }
}
