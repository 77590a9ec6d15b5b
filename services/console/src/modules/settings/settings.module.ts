import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ActionsModule } from '../actions/actions.module';
import { InboxModule } from '../inbox/inbox.module';
import { LocationSettingsController } from './location-settings.controller';
import { LocationSettingsService } from './location-settings.service';

/** Location settings for owners and managers, through lead-crm's settings API. */
@Module({ imports: [AccountsModule, InboxModule, ActionsModule], controllers: [LocationSettingsController], providers: [LocationSettingsService] })
export class SettingsModule {}
