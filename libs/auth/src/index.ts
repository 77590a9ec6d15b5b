export * from './access-scope.types';
export * from './access-token.verifier';
export * from './jwt-auth.guard';
export * from './current-scope.decorator';
export * from './location-visibility';
export * from './access-auth.module';
export * from './basic-credentials';
