import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseFilters, UseGuards } from '@nestjs/common';
import { type AccessScope, CurrentScope, JwtAuthGuard } from '@textback/auth';
import { SchedulingExceptionFilter } from '../shared/scheduling-exception.filter';
import { BookingService } from './booking.service';
import { CancelBookingRequestDto } from './dto/cancel-booking.request.dto';
import { CreateBookingRequestDto } from './dto/create-booking.request.dto';
import { RescheduleBookingRequestDto } from './dto/reschedule-booking.request.dto';

/**
 * Staff API: book a caller, cancel or reschedule a booking. `Authorization: Bearer <JWT>` (401 without a valid
 * one); a booking of another tenant or of a location the caller may not see answers 404.
 */
@Controller('v1/bookings')
@UseGuards(JwtAuthGuard)
@UseFilters(SchedulingExceptionFilter)
export class BookingController {
  constructor(private readonly bookings: BookingService) {}

  /**
   * 201 `{ bookingId }`: books the caller into a free slot as the token's user (same events and confirmation text as
   * a bot booking; a retried `requestId` answers the same id). 400 bad body; 404 location unknown or out of scope;
   * 409 `BOOKING_EXISTS` (reschedule the caller's booking instead) or `SLOT_UNAVAILABLE`.
   */
  @Post()
  @HttpCode(201)
  async create(@CurrentScope() scope: AccessScope, @Body() body: CreateBookingRequestDto): Promise<{ bookingId: string }> {
    const optional = { ...(body.serviceId ? { serviceId: body.serviceId } : {}), ...(body.leadId ? { leadId: body.leadId } : {}), ...(body.conversationId ? { conversationId: body.conversationId } : {}) };
    return { bookingId: await this.bookings.bookByStaff(scope, { requestId: body.requestId, locationId: body.locationId, callerE164: body.callerE164, startAt: new Date(body.startAt), ...optional }) };
  }

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
