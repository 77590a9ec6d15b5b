import { Module } from '@nestjs/common';
import { SignInThrottle } from '@textback/auth';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { ConsoleSchema } from '../console-schema';
import { ConsoleSessionRepository } from './console-session.repository';
import { ConsoleUserRepository } from './console-user.repository';
import { PasswordHasher } from './password-hasher';
import { SessionController } from './session.controller';
import { SessionGuard } from './session.guard';
import { SignInService } from './sign-in.service';

/** Local accounts, sign-in and sessions of the console. */
@Module({
  controllers: [SessionController],
  providers: [
    ConsoleSchema,
    ConsoleUserRepository,
    ConsoleSessionRepository,
    { provide: PasswordHasher, useValue: new PasswordHasher() },
    { provide: SignInThrottle, inject: [CONSOLE_SETTINGS], useFactory: (settings: ConsoleSettings) => new SignInThrottle(settings.signInThrottle) },
    SignInService,
    SessionGuard,
  ],
  exports: [SessionGuard, SignInService, ConsoleUserRepository, ConsoleSchema],
})
export class AccountsModule {}
