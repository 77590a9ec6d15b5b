import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { consoleMain } from './console.service-main';

runServiceMain(consoleMain);
