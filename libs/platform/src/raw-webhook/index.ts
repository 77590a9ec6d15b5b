export * from './raw-webhook-body.capture';
export * from './webhook-body.decoder';
export * from './jsonb-safe.util';
export * from './raw-webhook.migration';
export * from './raw-webhook.store';
