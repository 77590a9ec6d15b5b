import { type ArgumentsHost, Body, Catch, Controller, type ExceptionFilter, Get, HttpCode, Param, ParseUUIDPipe, Post, UseFilters, UseGuards } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { SessionGuard, SignedInUser } from '../accounts/session.guard';
import { ConversationActionException, conversationActionHttpStatus } from './conversation-action.exception';
import { ConversationActionsService } from './conversation-actions.service';
import { BookingRequestDto } from './dto/booking.request.dto';
import { CallbackRequestDto } from './dto/callback.request.dto';
import { NoteRequestDto } from './dto/note.request.dto';
import { OutcomeRequestDto } from './dto/outcome.request.dto';
import { ReplyRequestDto } from './dto/reply.request.dto';
import { type SlotChoice } from './slot-choice.types';
import { StaffApiRefusal } from './staff-api.request';

/** Maps refused actions to their status with `{ statusCode, error, message, problems? }` (lead-crm's or scheduling's message and problems passed on). */
@Catch(ConversationActionException, StaffApiRefusal)
export class ConversationActionFilter implements ExceptionFilter {
  catch(exception: ConversationActionException | StaffApiRefusal, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    const statusCode = exception instanceof StaffApiRefusal ? exception.status : conversationActionHttpStatus(exception.code);
    const problems = exception instanceof StaffApiRefusal && exception.problems.length > 0 ? { problems: exception.problems } : {};
    res.status(statusCode).json({ statusCode, error: exception.code, message: exception.message, ...problems });
  }
}

/** Staff actions on one conversation (session and CSRF token required). */
@UseGuards(SessionGuard)
@UseFilters(ConversationActionFilter)
@Controller('api/conversations/:id')
export class ConversationActionsController {
  constructor(private readonly actions: ConversationActionsService) {}

  @Post('takeover')
  @HttpCode(204)
  takeOver(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.actions.takeOver(user, id);
  }

  @Post('release')
  @HttpCode(204)
  release(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.actions.release(user, id);
  }

  @Post('replies')
  @HttpCode(202)
  reply(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReplyRequestDto): Promise<{ commandId: string }> {
    return this.actions.reply(user, id, body.body, body.requestId);
  }

  @Post('notes')
  @HttpCode(204)
  addNote(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: NoteRequestDto): Promise<void> {
    return this.actions.addNote(user, id, body.body);
  }

  /** 204 once the page is acknowledged (again: no-op); 409 when the conversation has no page. */
  @Post('acknowledge-page')
  @HttpCode(204)
  acknowledgePage(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.actions.acknowledgePage(user, id);
  }

  /** The next free slots at the conversation's location and the caller's upcoming booking (scheduling's). */
  @Get('slots')
  slots(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string): Promise<SlotChoice> {
    return this.actions.slots(user, id);
  }

  /** 200 `{ bookingId, rescheduled }`: books the caller, or moves their upcoming booking; 409 with scheduling's reason when refused. */
  @Post('booking')
  @HttpCode(200)
  book(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: BookingRequestDto): Promise<{ bookingId: string; rescheduled: boolean }> {
    return this.actions.book(user, id, body.startAt, body.requestId);
  }

  /** 201 `{ taskId }`; 422 with scheduling's reason for a time in the past or too far ahead. */
  @Post('callback')
  @HttpCode(201)
  scheduleCallback(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: CallbackRequestDto): Promise<{ taskId: string }> {
    return this.actions.scheduleCallback(user, id, body.at, body.requestId);
  }

  @Post('outcome')
  @HttpCode(204)
  close(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: OutcomeRequestDto): Promise<void> {
    return this.actions.close(user, id, { outcome: body.outcome, ...(body.actualValueCents !== undefined ? { actualValueCents: body.actualValueCents } : {}), ...(body.reason ? { reason: body.reason } : {}) });
  }
}
