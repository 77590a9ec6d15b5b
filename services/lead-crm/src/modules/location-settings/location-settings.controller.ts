import { Body, Controller, Get, Param, ParseUUIDPipe, Put, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentScope, JwtAuthGuard } from '@textback/auth';
import { type CrmScope } from '../auth/crm-scope.types';
import { LocationSettingsRequestDto } from './dto/location-settings.request.dto';
import { LocationSettingsExceptionFilter } from './location-settings.exception';
import { LocationSettingsService } from './location-settings.service';
import { type LastCallView, type LocationSettingsSaveResult, type LocationSettingsView } from './location-settings.types';

/** A location's settings (managers) and its last call ("test my forwarding"). Outside your scope: 404. */
@ApiTags('locations')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'Not found, or outside your tenant, regions or locations.' })
@UseGuards(JwtAuthGuard)
@UseFilters(LocationSettingsExceptionFilter)
@Controller('v1/locations/:id')
export class LocationSettingsController {
  constructor(private readonly settings: LocationSettingsService) {}

  @Get('settings')
  @ApiOkResponse({ description: 'The settings, the configuration revision, and the last audited changes.' })
  view(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string): Promise<LocationSettingsView> {
    return this.settings.view(scope, id);
  }

  @Put('settings')
  @ApiOkResponse({ description: 'Saved, published on crm.location.config.v1 and audited (or unchanged). 400 lists each problem; 403 for a role that may not; 409 when stale.' })
  save(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string, @Body() body: LocationSettingsRequestDto): Promise<LocationSettingsSaveResult> {
    return this.settings.save(scope, id, { expectedRevision: body.expectedRevision, settings: body.settings });
  }

  @Get('last-call')
  @ApiOkResponse({ description: 'The last call the location received and how it was classified (null: none yet).' })
  lastCall(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string): Promise<{ call: LastCallView | null }> {
    return this.settings.lastCall(scope, id);
  }
}
