export { startGroupAtTopicEnds } from '@textback/testing';
