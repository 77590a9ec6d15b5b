import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { type AccessScope, CurrentScope, JwtAuthGuard } from '@textback/auth';
import { SchedulingExceptionFilter } from '../shared/scheduling-exception.filter';
import { CallbackService } from './callback.service';
import { CreateCallbackRequestDto } from './dto/create-callback.request.dto';

/** Staff API: schedule a callback. `Authorization: Bearer <JWT>` (401 without one); a location the caller may not see answers 404. */
@Controller('v1/callbacks')
@UseGuards(JwtAuthGuard)
@UseFilters(SchedulingExceptionFilter)
export class CallbackController {
  constructor(private readonly callbacks: CallbackService) {}

  /** 201 `{ taskId }` (the same id for a retried `requestId`); 400 bad body; 404 location; 422 time out of range. */
  @Post()
  @HttpCode(201)
  async create(@CurrentScope() scope: AccessScope, @Body() body: CreateCallbackRequestDto): Promise<{ taskId: string }> {
    const at = body.at ? new Date(body.at) : undefined;
    return { taskId: await this.callbacks.scheduleByStaff(scope, { requestId: body.requestId, locationId: body.locationId, callerE164: body.callerE164, ...(at ? { at } : {}), ...(body.leadId ? { leadId: body.leadId } : {}), ...(body.reason ? { reason: body.reason } : {}) }) };
  }
}
