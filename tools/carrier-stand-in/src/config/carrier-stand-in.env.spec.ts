import { ConfigValidationException } from '@textback/config';
import { loadCarrierStandInEnv } from './carrier-stand-in.env';

describe(loadCarrierStandInEnv.name, () => {
  it('defaults: port 4010, control API on, no waiting, account 9900000, no Voice application', () => {
    expect(loadCarrierStandInEnv({})).toMatchObject({ HTTP_PORT: 4010, STANDIN_CONTROL_API: true, CALLER_TIME_SCALE: 0, BANDWIDTH_ACCOUNT_ID: '9900000' });
    expect(loadCarrierStandInEnv({}).VOICE_CALL_INITIATED_URL).toBeUndefined();
  });

  it('reads the Voice application, URL rewrites, time scale and the control API switch', () => {
    const env = loadCarrierStandInEnv({
      VOICE_CALL_INITIATED_URL: 'http://telephony-ingest:3001/bandwidth/voice/initiate',
      VOICE_CALL_STATUS_URL: 'http://telephony-ingest:3001/bandwidth/voice/status',
      VOICE_CALLBACK_URL_REWRITES: '[{"from":"https://hooks.example.com/telephony","to":"http://telephony-ingest:3001"}]',
      CALLER_TIME_SCALE: '0.1',
      STANDIN_CONTROL_API: 'false',
    });
    expect(env).toMatchObject({ CALLER_TIME_SCALE: 0.1, STANDIN_CONTROL_API: false, VOICE_CALLBACK_URL_REWRITES: [{ from: 'https://hooks.example.com/telephony', to: 'http://telephony-ingest:3001' }] });
  });

  it('names every bad variable: one voice URL without the other, rewrites that are not JSON, a negative time scale', () => {
    let error: unknown;
    try {
      loadCarrierStandInEnv({ VOICE_CALL_INITIATED_URL: 'http://x:1/initiate', VOICE_CALLBACK_URL_REWRITES: '[{from:', CALLER_TIME_SCALE: '-1' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigValidationException);
    const message = (error as Error).message;
    for (const variable of ['VOICE_CALL_STATUS_URL', 'VOICE_CALLBACK_URL_REWRITES', 'CALLER_TIME_SCALE']) expect(message).toContain(variable);
  });
});
