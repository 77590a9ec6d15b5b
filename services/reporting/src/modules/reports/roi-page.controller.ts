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
  // frame-ancestors 'none' and X-Frame-Options DENY (for browsers without CSP 2): the page holds a
  // bearer token in its URL fragment and must not be framed (clickjacking).
  @Header('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
  @Header('x-frame-options', 'DENY')
  @Header('x-content-type-options', 'nosniff')
  @Header('referrer-policy', 'no-referrer')
  page(): string {
    return ROI_PAGE_HTML;
  }
}
