export * from './bandwidth-stand-in';
export * from './bandwidth-stand-in.types';
