import { Controller, Inject } from '@nestjs/common';
import { DeleteMemoryContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { DeleteMemoryUseCase } from './delete-memory.usecase.js';

@Controller()
export class DeleteMemoryHandler {
  constructor(@Inject(DeleteMemoryUseCase) private readonly useCase: DeleteMemoryUseCase) {}

  @Handles(DeleteMemoryContract)
  delete(request: { memoryId: string }, context: RequestContext): Promise<{ deleted: boolean }> {
    return this.useCase.execute(requireUser(context), request.memoryId);
  }
}
