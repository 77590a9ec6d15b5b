import 'reflect-metadata';
import { runServiceMain } from '@textback/platform';
import { telephonyIngestMain } from './telephony-ingest.service-main';

runServiceMain(telephonyIngestMain);
