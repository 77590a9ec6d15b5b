import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { messagingMain } from './messaging.service-main';

runServiceMain(messagingMain);
