import { Controller, Inject } from '@nestjs/common';
import { ListTasksContract, type Task } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { ListTasksUseCase } from './list-tasks.usecase.js';

@Controller()
export class ListTasksHandler {
  constructor(@Inject(ListTasksUseCase) private readonly useCase: ListTasksUseCase) {}

  @Handles(ListTasksContract)
  list(_request: unknown, context: RequestContext): Promise<Task[]> {
    return this.useCase.execute(requireUser(context));
  }
}
