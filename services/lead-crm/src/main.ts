import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { leadCrmMain } from './lead-crm.service-main';

runServiceMain(leadCrmMain);
