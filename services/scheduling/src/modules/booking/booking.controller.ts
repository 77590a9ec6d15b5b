import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseFilters } from '@nestjs/common';
import { SchedulingExceptionFilter } from '../shared/scheduling-exception.filter';
import { BookingService } from './booking.service';
import { CancelBookingRequestDto } from './dto/cancel-booking.request.dto';
import { RescheduleBookingRequestDto } from './dto/reschedule-booking.request.dto';

/** Staff API: cancel or reschedule a booking. */
@Controller('v1/bookings')
@UseFilters(SchedulingExceptionFilter)
export class BookingController {
  constructor(private readonly bookings: BookingService) {}

  /** 204; 404 unknown booking; 409 already cancelled. */
  @Post(':bookingId/cancel')
  @HttpCode(204)
  async cancel(@Param('bookingId', ParseUUIDPipe) bookingId: string, @Body() body: CancelBookingRequestDto): Promise<void> {
    await this.bookings.cancel(body.tenantId, bookingId, body.reason ?? 'cancelled by staff');
  }

  /** 200 `{ bookingId }` of the new booking; 404 unknown; 409 cancelled, full or outside business hours. */
  @Post(':bookingId/reschedule')
  @HttpCode(200)
  async reschedule(@Param('bookingId', ParseUUIDPipe) bookingId: string, @Body() body: RescheduleBookingRequestDto): Promise<{ bookingId: string }> {
    return { bookingId: await this.bookings.reschedule(body.tenantId, bookingId, new Date(body.startAt)) };
  }
}
