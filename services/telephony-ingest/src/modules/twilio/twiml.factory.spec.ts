import { renderTwiml } from './twiml.factory';

describe('renderTwiml', () => {
  it('forward: Dial with timeout, action and child-leg status callbacks', () => {
    const reply = renderTwiml({ kind: 'forward', toE164: '+15558675309', ringTimeoutSeconds: 20 }, 'https://hooks.example.com');
    expect(reply).toMatchObject({ status: 200, contentType: 'text/xml' });
    expect(reply.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial timeout="20" action="https://hooks.example.com/twilio/voice/dial-action" method="POST" answerOnBridge="true">' +
        '<Number statusCallbackEvent="initiated ringing answered completed" statusCallback="https://hooks.example.com/twilio/voice/status" statusCallbackMethod="POST">+15558675309</Number></Dial></Response>',
    );
  });

  it('voicemail: Say (escaped) + Record + Hangup', () => {
    const body = renderTwiml({ kind: 'voicemail', greeting: 'Smith & Sons is closed', maxSeconds: 90 }, 'https://h.example').body ?? '';
    expect(body).toContain('<Say>Smith &amp; Sons is closed</Say>');
    expect(body).toMatch(/<Record action="https:\/\/h\.example\/twilio\/voice\/record-action"[^>]*recordingStatusCallback="https:\/\/h\.example\/twilio\/voice\/recording-status"[^>]*maxLength="90"/);
    expect(body).toMatch(/<Hangup\/><\/Response>$/);
  });

  it('none is a 204', () => {
    expect(renderTwiml({ kind: 'none' }, 'https://h.example')).toEqual({ status: 204 });
  });
});
