import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { LocationSettingsController } from './location-settings.controller';
import { LocationSettingsRepository } from './location-settings.repository';
import { LocationSettingsService } from './location-settings.service';

/** Location settings for managers: read, save (validated, published, audited), and the last call. */
@Module({ imports: [TenantsModule], controllers: [LocationSettingsController], providers: [LocationSettingsRepository, LocationSettingsService] })
export class LocationSettingsModule {}
