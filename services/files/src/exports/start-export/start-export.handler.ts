import { Controller, Inject } from '@nestjs/common';
import { StartExportContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { StartExportUseCase } from './start-export.usecase.js';

@Controller()
export class StartExportHandler {
  constructor(@Inject(StartExportUseCase) private readonly useCase: StartExportUseCase) {}

  @Handles(StartExportContract)
  start(_request: unknown, context: RequestContext): Promise<{ exportId: string }> {
    return this.useCase.execute(requireUser(context));
  }
}
