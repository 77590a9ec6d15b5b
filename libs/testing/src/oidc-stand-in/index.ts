export * from './oidc-stand-in';
