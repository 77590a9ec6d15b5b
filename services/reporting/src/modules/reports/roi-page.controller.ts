import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ROI_PAGE_HTML } from './roi-page.html';

/** Serves the built-in ROI page at `/roi` (data comes from the authenticated API). */
@ApiExcludeController()
@Controller('roi')
export class RoiPageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:")
  page(): string {
    return ROI_PAGE_HTML;
  }
}
