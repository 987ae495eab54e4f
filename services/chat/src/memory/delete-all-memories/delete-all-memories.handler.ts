import { Controller, Inject } from '@nestjs/common';
import { DeleteAllMemoriesContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { DeleteAllMemoriesUseCase } from './delete-all-memories.usecase.js';

@Controller()
export class DeleteAllMemoriesHandler {
  constructor(@Inject(DeleteAllMemoriesUseCase) private readonly useCase: DeleteAllMemoriesUseCase) {}

  @Handles(DeleteAllMemoriesContract)
  deleteAll(_request: Record<string, never>, context: RequestContext): Promise<{ deleted: true }> {
    return this.useCase.execute(requireUser(context));
  }
}
