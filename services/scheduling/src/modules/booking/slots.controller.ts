import { BadRequestException, Controller, Get, Param, ParseUUIDPipe, Query, UseFilters, UseGuards } from '@nestjs/common';
import { type AccessScope, CurrentScope, JwtAuthGuard } from '@textback/auth';
import { E164_PATTERN } from '@textback/contracts';
import { SchedulingExceptionFilter } from '../shared/scheduling-exception.filter';
import { BookingService, type StaffSlots } from './booking.service';

/** Most slots one request lists. */
const MAX_SLOTS = 50;

/** Staff API: a location's free slots. `Authorization: Bearer <JWT>`; a location the caller may not see answers 404. */
@Controller('v1/locations/:locationId/slots')
@UseGuards(JwtAuthGuard)
@UseFilters(SchedulingExceptionFilter)
export class SlotsController {
  constructor(private readonly bookings: BookingService) {}

  /**
   * 200 {@link StaffSlots}: the next `count` (default 8, at most 50) free slots of `serviceId` (default the
   * location's first service), earliest first, and the upcoming booking of `callerE164` when given. 400 bad query.
   */
  @Get()
  async list(
    @CurrentScope() scope: AccessScope,
    @Param('locationId', ParseUUIDPipe) locationId: string,
    @Query('callerE164') callerE164?: string,
    @Query('serviceId') serviceId?: string,
    @Query('count') count?: string,
  ): Promise<StaffSlots> {
    if (callerE164 !== undefined && !E164_PATTERN.test(callerE164)) throw new BadRequestException('callerE164 must be an E.164 number');
    const n = count === undefined ? 8 : Number(count);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SLOTS) throw new BadRequestException(`count must be an integer from 1 to ${MAX_SLOTS}`);
    return this.bookings.slotsForStaff(scope, { locationId, count: n, ...(callerE164 ? { callerE164 } : {}), ...(serviceId ? { serviceId } : {}) });
  }
}
