import { Global, Module } from '@nestjs/common';
import { CLOCK } from './port/clock';
import { SystemClock } from './adapters/system/system.clock';

/** Provides {@link CLOCK} (the system clock; tests override the provider with a ManualClock). */
@Global()
@Module({ providers: [{ provide: CLOCK, useClass: SystemClock }], exports: [CLOCK] })
export class ClockModule {}
