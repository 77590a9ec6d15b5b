import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, UseFilters } from '@nestjs/common';
import { SchedulingExceptionFilter } from '../shared/scheduling-exception.filter';
import { DispatchService } from './dispatch.service';
import { AcknowledgeDispatchRequestDto } from './dto/acknowledge-dispatch.request.dto';

/** Dispatch API: acknowledge a page; Bandwidth's answer webhook of page calls (BXML). */
@Controller('v1/dispatches')
@UseFilters(SchedulingExceptionFilter)
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  /** 204; stops escalation. 404 unknown dispatch. Repeating it is a no-op. */
  @Post(':dispatchId/ack')
  @HttpCode(204)
  async acknowledge(@Param('dispatchId', ParseUUIDPipe) dispatchId: string, @Body() body: AcknowledgeDispatchRequestDto): Promise<void> {
    await this.dispatch.acknowledgeById(dispatchId, body.acknowledgedBy);
  }

  /**
   * Bandwidth answer webhook (POST by default; GET when configured) of a page call: BXML that
   * speaks the summary (shared/reference/carrier/CARRIER-APIS.md, answer callback). The
   * webhook body is not needed: the page id in the path identifies the call.
   */
  @Post('pages/:pageId/answer')
  @HttpCode(200)
  @Header('Content-Type', 'application/xml')
  async answerPost(@Param('pageId', ParseUUIDPipe) pageId: string): Promise<string> {
    return this.dispatch.answerBxml(pageId);
  }

  @Get('pages/:pageId/answer')
  @Header('Content-Type', 'application/xml')
  async answerGet(@Param('pageId', ParseUUIDPipe) pageId: string): Promise<string> {
    return this.dispatch.answerBxml(pageId);
  }
}
