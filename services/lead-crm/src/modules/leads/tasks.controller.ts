import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentScope, JwtAuthGuard } from '@textback/auth';
import { type CrmScope } from '../auth/crm-scope.types';
import { TaskResponseDto } from './dto/lead.response.dto';
import { TaskListRequestDto } from './dto/task-list.request.dto';
import { LeadExceptionFilter } from './lead.exception';
import { LeadsService } from './leads.service';

/** Callback and review tasks of the caller's tenant, regions or locations. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'Not found, or outside your tenant, regions or locations.' })
@UseGuards(JwtAuthGuard)
@UseFilters(LeadExceptionFilter)
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly leads: LeadsService) {}

  @Get()
  @ApiOkResponse({ type: [TaskResponseDto] })
  list(@CurrentScope() scope: CrmScope, @Query() query: TaskListRequestDto): Promise<TaskResponseDto[]> {
    return this.leads.listTasks(scope, query);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskResponseDto })
  complete(@CurrentScope() scope: CrmScope, @Param('id', ParseUUIDPipe) id: string): Promise<TaskResponseDto> {
    return this.leads.completeTask(scope, id);
  }
}
