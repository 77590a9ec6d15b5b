export * from './speakable-text';
