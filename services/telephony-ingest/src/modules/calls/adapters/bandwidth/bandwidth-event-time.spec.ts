import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MalformedWebhookException } from '../../call-webhook.types';
import { parseBandwidthCallback } from './bandwidth-voice.mapper';

const initiate = JSON.parse(readFileSync(join(__dirname, '../../../../../test/fixtures/bandwidth/voice-initiate.json'), 'utf8')) as Record<string, unknown>;

function problemsOf(body: unknown): string[] {
  try {
    parseBandwidthCallback(body);
    return [];
  } catch (err) {
    if (err instanceof MalformedWebhookException) return err.problems;
    throw err;
  }
}

describe('Bandwidth event times and strings (issue #14)', () => {
  it('refuses an unreadable or implausible eventTime with one problem each', () => {
    expect(problemsOf({ ...initiate, eventTime: 'not-a-time' })).toEqual(['eventTime: must be an ISO-8601 time']);
    expect(problemsOf({ ...initiate, eventTime: '+200000-01-01T00:00:00Z' })).toEqual(['eventTime: must be between 2000 and now + 1 day']);
    expect(problemsOf({ ...initiate, eventTime: '1999-12-31T23:59:59Z' })).toEqual(['eventTime: must be between 2000 and now + 1 day']);
  });

  it('removes U+0000 and lone surrogates before anything reads the body', () => {
    const hook = parseBandwidthCallback({ ...initiate, eventTime: new Date().toISOString(), startTime: new Date().toISOString(), from: '+1919555\u00000123\ud800' });
    expect(hook.start?.from).toBe('+19195550123\uFFFD');
    expect(JSON.stringify(hook.payload)).not.toContain('\\u0000');
  });
});
