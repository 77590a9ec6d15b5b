import { type ArgumentsHost, Body, Catch, Controller, type ExceptionFilter, HttpCode, Param, ParseUUIDPipe, Post, UseFilters, UseGuards } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { SessionGuard, SignedInUser } from '../accounts/session.guard';
import { ConversationActionException, conversationActionHttpStatus } from './conversation-action.exception';
import { ConversationActionsService } from './conversation-actions.service';
import { NoteRequestDto } from './dto/note.request.dto';
import { OutcomeRequestDto } from './dto/outcome.request.dto';
import { ReplyRequestDto } from './dto/reply.request.dto';
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

  @Post('outcome')
  @HttpCode(204)
  close(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: OutcomeRequestDto): Promise<void> {
    return this.actions.close(user, id, { outcome: body.outcome, ...(body.actualValueCents !== undefined ? { actualValueCents: body.actualValueCents } : {}), ...(body.reason ? { reason: body.reason } : {}) });
  }
}
