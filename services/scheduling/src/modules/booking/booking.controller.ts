import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseFilters, UseGuards } from '@nestjs/common';
import { type AccessScope, CurrentScope, JwtAuthGuard } from '@textback/auth';
import { SchedulingExceptionFilter } from '../shared/scheduling-exception.filter';
import { BookingService } from './booking.service';
import { CancelBookingRequestDto } from './dto/cancel-booking.request.dto';
import { RescheduleBookingRequestDto } from './dto/reschedule-booking.request.dto';

/**
 * Staff API: cancel or reschedule a booking. `Authorization: Bearer <JWT>` (401 without a valid
 * one); a booking of another tenant or of a location the caller may not see answers 404.
 */
@Controller('v1/bookings')
@UseGuards(JwtAuthGuard)
@UseFilters(SchedulingExceptionFilter)
export class BookingController {
  constructor(private readonly bookings: BookingService) {}

  /** 204; 404 unknown or out of scope; 409 already cancelled. */
  @Post(':bookingId/cancel')
  @HttpCode(204)
  async cancel(@CurrentScope() scope: AccessScope, @Param('bookingId', ParseUUIDPipe) bookingId: string, @Body() body: CancelBookingRequestDto): Promise<void> {
    await this.bookings.cancel(scope, bookingId, body.reason ?? 'cancelled by staff');
  }

  /** 200 `{ bookingId }` of the new booking; 404 unknown or out of scope; 409 cancelled, full or outside business hours. */
  @Post(':bookingId/reschedule')
  @HttpCode(200)
  async reschedule(@CurrentScope() scope: AccessScope, @Param('bookingId', ParseUUIDPipe) bookingId: string, @Body() body: RescheduleBookingRequestDto): Promise<{ bookingId: string }> {
    return { bookingId: await this.bookings.reschedule(scope, bookingId, new Date(body.startAt)) };
  }
}
