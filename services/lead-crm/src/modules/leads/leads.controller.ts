import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentScope, JwtAuthGuard } from '@textback/auth';
import { type CrmScope } from '../auth/crm-scope.types';
import { LeadDetailResponseDto, LeadPageResponseDto, LeadResponseDto } from './dto/lead.response.dto';
import { LeadListRequestDto } from './dto/lead-list.request.dto';
import { LeadOutcomeRequestDto } from './dto/lead-outcome.request.dto';
import { ManualTextRequestDto } from './dto/manual-text.request.dto';
import { NoteRequestDto } from './dto/note.request.dto';
import { LeadExceptionFilter } from './lead.exception';
import { LeadsService } from './leads.service';

/** Leads of the caller's tenant, regions or locations. Anything else answers 404. */
@ApiTags('leads')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'Not found, or outside your tenant, regions or locations.' })
@UseGuards(JwtAuthGuard)
@UseFilters(LeadExceptionFilter)
@Controller('v1/leads')
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  @Get()
  @ApiOkResponse({ type: LeadPageResponseDto })
  list(@CurrentScope() scope: CrmScope, @Query() query: LeadListRequestDto): Promise<LeadPageResponseDto> {
    return this.leads.list(scope, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: LeadDetailResponseDto })
  detail(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string): Promise<LeadDetailResponseDto> {
    return this.leads.detail(scope, id);
  }

  @Post(':id/takeover')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadResponseDto, description: 'Automation pauses for this conversation (crm.conversation.taken-over.v1).' })
  takeOver(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string): Promise<LeadResponseDto> {
    return this.leads.takeOver(scope, id);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadResponseDto, description: 'Automation may resume (crm.conversation.released.v1).' })
  release(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string): Promise<LeadResponseDto> {
    return this.leads.release(scope, id);
  }

  @Post(':id/texts')
  @HttpCode(202)
  sendText(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string, @Body() body: ManualTextRequestDto): Promise<{ commandId: string }> {
    return this.leads.sendText(scope, id, body.body, body.requestId);
  }

  @Post(':id/notes')
  @HttpCode(204)
  addNote(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string, @Body() body: NoteRequestDto): Promise<void> {
    return this.leads.addNote(scope, id, body.body);
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadResponseDto })
  close(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string, @Body() body: LeadOutcomeRequestDto): Promise<LeadResponseDto> {
    return this.leads.close(scope, id, body.outcome, body.actualValueCents, body.reason);
  }
}
