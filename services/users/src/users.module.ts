import { Module, type DynamicModule } from '@nestjs/common';
import { DurableConsumers, UserDeletedEvent } from '@tasksensei/contracts';
import { type ProcessContext, consumerSpec, systemClock, durableConsumers, openDynamo } from '@tasksensei/platform';
import type { UsersEnv } from './config/users.env.js';
import { ApplyMembershipUseCase } from './membership/apply-membership.usecase.js';
import { EraseProfileUseCase } from './erase-profile/erase-profile.usecase.js';
import { DynamoErasedUsersRepository } from './erase-profile/erased-users.repository.js';
import { ErasureAwareProfileStore } from './erase-profile/erasure-aware.profile-store.js';
import { ExportDataHandler } from './export-data/export-data.handler.js';
import { EventConsumers } from './membership/event-consumers.js';
import { NatsMembershipPush } from './membership/membership-push.js';
import { GetProfileHandler } from './profile/get-profile/get-profile.handler.js';
import { GetProfileUseCase } from './profile/get-profile/get-profile.usecase.js';
import { DynamoProfileRepository } from './profile/profile.repository.js';
import { UpdateProfileHandler } from './profile/update-profile/update-profile.handler.js';
import { UpdateProfileUseCase } from './profile/update-profile/update-profile.usecase.js';
import { ApplyEmailVerifiedUseCase } from './registration/apply-email-verified.usecase.js';
import { RegisterProfileUseCase } from './registration/register-profile.usecase.js';
import { usersTables } from './storage/tables.js';

@Module({})
export class UsersModule {
  static async forRoot(context: ProcessContext<UsersEnv>): Promise<DynamicModule> {
    const { env, logger } = context;
    // Every membership event is one profile write: the lean client spares the SDK's per-call CPU.
    const dynamo = await openDynamo(context, usersTables, { lean: true });

    const erased = new DynamoErasedUsersRepository(dynamo);
    const profiles = new ErasureAwareProfileStore(new DynamoProfileRepository(dynamo), erased);
    const eraseProfile = new EraseProfileUseCase(erased, systemClock, logger);
    return {
      module: UsersModule,
      controllers: [GetProfileHandler, UpdateProfileHandler, ExportDataHandler],
      providers: [
        { provide: GetProfileUseCase, useValue: new GetProfileUseCase(profiles) },
        { provide: UpdateProfileUseCase, useValue: new UpdateProfileUseCase(profiles, systemClock) },
        { provide: RegisterProfileUseCase, useValue: new RegisterProfileUseCase(profiles, systemClock, logger) },
        { provide: ApplyEmailVerifiedUseCase, useValue: new ApplyEmailVerifiedUseCase(profiles, systemClock, logger) },
        {
          provide: ApplyMembershipUseCase,
          useValue: new ApplyMembershipUseCase(profiles, new NatsMembershipPush(context.nc), systemClock, logger),
        },
        EventConsumers,
        durableConsumers(context, [
          consumerSpec(DurableConsumers.usersUserDeleted, UserDeletedEvent, (event) => eraseProfile.execute(event)),
        ]),
      ],
    };
  }
}
