import { Module } from '@nestjs/common';
import { DurableTimerService } from './durable-timer.service';
import { TimerPollerService } from './timer-poller.service';
import { TimerRepository } from './timer.repository';

/** Durable timers (PostgreSQL, SKIP LOCKED) and their poller. */
@Module({ providers: [TimerRepository, DurableTimerService, TimerPollerService], exports: [DurableTimerService] })
export class TimersModule {}
