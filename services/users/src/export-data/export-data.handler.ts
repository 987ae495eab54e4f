import { Controller, Inject } from '@nestjs/common';
import { ErrorCode, ServiceError, UsersExportDataContract, type Profile } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { GetProfileUseCase } from '../profile/get-profile/get-profile.usecase.js';

/** The profile for files' export builder (service to service: the user is named in the body). */
@Controller()
export class ExportDataHandler {
  constructor(@Inject(GetProfileUseCase) private readonly profiles: GetProfileUseCase) {}

  @Handles(UsersExportDataContract)
  async collect(request: { userId: string }): Promise<{ profile: Profile | null }> {
    try {
      return { profile: await this.profiles.execute(request.userId) };
    } catch (error) {
      if (error instanceof ServiceError && error.code === ErrorCode.NotFound) return { profile: null };
      throw error;
    }
  }
}
