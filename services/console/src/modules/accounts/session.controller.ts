import { Body, Controller, Delete, Get, HttpCode, HttpException, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { type ConsoleUser } from './console-role.types';
import { AcceptInvitationRequestDto } from './dto/accept-invitation.request.dto';
import { JsonBodyGuard } from './json-body.guard';
import { SessionResponseDto } from './dto/session.response.dto';
import { SignInRequestDto } from './dto/sign-in.request.dto';
import { type ConsoleRequest, SESSION_COOKIE, SessionGuard, SignedInUser } from './session.guard';
import { SignInException, signInHttpStatus } from './sign-in.exception';
import { type OpenedSession, SignInService } from './sign-in.service';

/**
 * Sign-in and sign-out. The session lives only in an HttpOnly, SameSite=Strict cookie (never in a URL or
 * in script-readable storage); the CSRF token comes back in the body. Sign-in takes JSON only, which a
 * cross-site form cannot send without a CORS preflight (which this service never allows).
 */
@Controller('api')
export class SessionController {
  constructor(
    private readonly signIn: SignInService,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
  ) {}

  @Post('session')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  async create(@Body() body: SignInRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponseDto> {
    // req.ip: the socket's address, or the client's from X-Forwarded-For behind TRUSTED_PROXY_HOPS proxies.
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    return this.opened(await mapped(() => this.signIn.signIn({ email: body.email, password: body.password, address }), res), res);
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  async accept(@Body() body: AcceptInvitationRequestDto, @Res({ passthrough: true }) res: Response): Promise<SessionResponseDto> {
    return this.opened(await mapped(() => this.signIn.acceptInvitation(body.email, body.code, body.password), res), res);
  }

  @Get('session')
  @UseGuards(SessionGuard)
  async current(@SignedInUser() user: ConsoleUser, @Req() req: ConsoleRequest): Promise<SessionResponseDto> {
    const { csrfToken } = await this.signIn.authenticate(req.cookies?.[SESSION_COOKIE]);
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, csrfToken };
  }

  @Delete('session')
  @HttpCode(204)
  @UseGuards(SessionGuard)
  async remove(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.signIn.signOut(req.cookies?.[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: this.settings.cookieSecure, path: '/' });
  }

  private opened(session: OpenedSession, res: Response): SessionResponseDto {
    res.cookie(SESSION_COOKIE, session.cookieValue, { httpOnly: true, sameSite: 'strict', secure: this.settings.cookieSecure, path: '/', expires: session.expiresAt });
    const u = session.user;
    return { user: { id: u.id, email: u.email, name: u.name, role: u.role }, csrfToken: session.csrfToken };
  }
}

/** Runs `work`, answering a {@link SignInException} with its status, code and message (and `Retry-After` on 429). */
async function mapped<T>(work: () => Promise<T>, res: Response): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SignInException) {
      if (err.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(err.retryAfterSeconds));
      throw new HttpException({ statusCode: signInHttpStatus(err.code), code: err.code, message: err.message }, signInHttpStatus(err.code));
    }
    throw err;
  }
}
