import { Controller, Inject } from '@nestjs/common';
import { ListMemoriesContract, type Memory } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { ListMemoriesUseCase } from './list-memories.usecase.js';

@Controller()
export class ListMemoriesHandler {
  constructor(@Inject(ListMemoriesUseCase) private readonly useCase: ListMemoriesUseCase) {}

  @Handles(ListMemoriesContract)
  list(request: { cursor?: string; limit?: number }, context: RequestContext): Promise<{ items: Memory[]; next?: string }> {
    return this.useCase.execute(requireUser(context), request);
  }
}
