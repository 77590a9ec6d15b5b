export * from './consume-event.decorator';
export * from './consumer-failure';
export * from './inbox-transactions';
export * from './rethrow-rpc-exception.filter';
