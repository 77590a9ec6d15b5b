import { Body, Controller, Get, Param, ParseUUIDPipe, Put, UseFilters, UseGuards } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { SessionGuard, SignedInUser } from '../accounts/session.guard';
import { ConversationActionFilter } from '../actions/conversation-actions.controller';
import { LocationSettingsRequestDto } from './dto/location-settings.request.dto';
import { LocationSettingsService } from './location-settings.service';
import { type LastCall, type LocationSettingsPage } from './location-settings.types';

/** A location's settings and its last call, for owners and managers (session, and the CSRF token to save). */
@UseGuards(SessionGuard)
@UseFilters(ConversationActionFilter)
@Controller('api/locations/:id')
export class LocationSettingsController {
  constructor(private readonly settings: LocationSettingsService) {}

  @Get('settings')
  view(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string): Promise<LocationSettingsPage> {
    return this.settings.view(user, id);
  }

  @Put('settings')
  save(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: LocationSettingsRequestDto): Promise<{ outcome: 'updated' | 'unchanged'; page: LocationSettingsPage }> {
    return this.settings.save(user, id, body.expectedRevision, body.settings);
  }

  @Get('last-call')
  lastCall(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string): Promise<{ call: LastCall | null }> {
    return this.settings.lastCall(user, id);
  }
}
