import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, UseFilters, UseGuards } from '@nestjs/common';
import { type AccessScope, CurrentScope, JwtAuthGuard } from '@textback/auth';
import { SchedulingExceptionFilter } from '../shared/scheduling-exception.filter';
import { BandwidthCallbackAuthGuard } from './bandwidth-callback-auth.guard';
import { DispatchService } from './dispatch.service';

/** Bandwidth's answer webhook body (voice-answer.json); only the fields scheduling reads. */
interface AnswerCallbackBody {
  callId?: unknown;
  tag?: unknown;
}

/**
 * Dispatch API: a staff user acknowledges a page (JWT, scoped to their tenant and locations);
 * Bandwidth's answer webhook of page calls (BXML; carrier Basic auth, no JWT).
 */
@Controller('v1/dispatches')
@UseFilters(SchedulingExceptionFilter)
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  /**
   * 204; stops escalation, acknowledged by the token's user. 401 without a valid token; 404
   * unknown, another tenant's or at a location the caller may not see. Repeating it is a no-op.
   */
  @Post(':dispatchId/ack')
  @UseGuards(JwtAuthGuard)
  @HttpCode(204)
  async acknowledge(@CurrentScope() scope: AccessScope, @Param('dispatchId', ParseUUIDPipe) dispatchId: string): Promise<void> {
    await this.dispatch.acknowledgeByStaff(scope, dispatchId);
  }

  /**
   * Bandwidth answer webhook (POST by default) of a page call: BXML that speaks the summary
   * (shared/reference/carrier/CARRIER-APIS.md, answer callback). The page id in the path
   * identifies the call; the body's `callId` (with our `tag`) records a call whose creation
   * outcome was unknown.
   */
  @Post('pages/:pageId/answer')
  @UseGuards(BandwidthCallbackAuthGuard)
  @HttpCode(200)
  @Header('Content-Type', 'application/xml')
  async answerPost(@Param('pageId', ParseUUIDPipe) pageId: string, @Body() body: AnswerCallbackBody | undefined): Promise<string> {
    const callId = typeof body?.callId === 'string' ? body.callId : null;
    const tag = typeof body?.tag === 'string' ? body.tag : null;
    return this.dispatch.answerBxml(pageId, callId && tag === pageId ? callId : null);
  }

  /** The same for an application configured with `answerMethod: GET`. */
  @Get('pages/:pageId/answer')
  @UseGuards(BandwidthCallbackAuthGuard)
  @Header('Content-Type', 'application/xml')
  async answerGet(@Param('pageId', ParseUUIDPipe) pageId: string): Promise<string> {
    return this.dispatch.answerBxml(pageId, null);
  }
}
