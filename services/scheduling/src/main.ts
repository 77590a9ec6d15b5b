import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { schedulingMain } from './scheduling.service-main';

runServiceMain(schedulingMain);
