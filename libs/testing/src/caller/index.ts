export * from './bandwidth-caller';
export * from './bxml-document.mapper';
export * from './caller.types';
export * from './caller-control.router';
