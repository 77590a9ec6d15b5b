import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Keeps a consumer handler's original error intact for the bus adapter (ContractKafkaServer, the in-process bus), which
 * decides between retry (offset not committed) and dead-letter. Nest's default RPC filter
 * would turn it into `{status:'error'}` and lose the `retriable` marker.
 */
@Catch()
export class RethrowRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
