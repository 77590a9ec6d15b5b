import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { conversationAiMain } from './conversation-ai.service-main';

runServiceMain(conversationAiMain);
