import { type CanActivate, type ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { type ConsoleRequest } from './session.guard';

/** 415 unless the body is JSON (checked before validation, so a form post never reaches the handler). */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const type = context.switchToHttp().getRequest<ConsoleRequest>().headers['content-type'];
    if (typeof type !== 'string' || !type.toLowerCase().startsWith('application/json')) throw new HttpException('send JSON (application/json)', 415);
    return true;
  }
}
