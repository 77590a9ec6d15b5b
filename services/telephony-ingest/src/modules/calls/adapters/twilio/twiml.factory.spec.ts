import { create } from 'xmlbuilder2';
import { renderTwiml } from './twiml.factory';

/** Element names of an XML document in document order (parsed, not matched as text). */
const elementNames = (xml: string) =>
  Array.from((create(xml).node as unknown as { getElementsByTagName(n: string): ArrayLike<{ localName: string }> }).getElementsByTagName('*')).map((e) => e.localName);

describe('renderTwiml', () => {
  it('forward: Dial with timeout, action and child-leg status callbacks', () => {
    const reply = renderTwiml({ kind: 'forward', toE164: '+15558675309', ringTimeoutSeconds: 20 }, 'https://hooks.example.com');
    expect(reply).toMatchObject({ status: 200, contentType: 'text/xml' });
    expect(reply.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial timeout="20" action="https://hooks.example.com/twilio/voice/dial-action" method="POST" answerOnBridge="true">' +
        '<Number statusCallbackEvent="initiated ringing answered completed" statusCallback="https://hooks.example.com/twilio/voice/status" statusCallbackMethod="POST">+15558675309</Number></Dial></Response>',
    );
  });

  it('forward with answer confirmation: the Number names the whisper url (POST)', () => {
    const body = renderTwiml({ kind: 'forward', toE164: '+15558675309', ringTimeoutSeconds: 15, answerConfirmation: true }, 'https://hooks.example.com').body;
    expect(body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial timeout="15" action="https://hooks.example.com/twilio/voice/dial-action" method="POST" answerOnBridge="true">' +
        '<Number statusCallbackEvent="initiated ringing answered completed" statusCallback="https://hooks.example.com/twilio/voice/status" statusCallbackMethod="POST" url="https://hooks.example.com/twilio/voice/whisper" method="POST">+15558675309</Number></Dial></Response>',
    );
  });

  it('confirm_answer (the whisper): Gather of one key with a short timeout and an action even without input, then Hangup', () => {
    const body = renderTwiml({ kind: 'confirm_answer', prompt: 'Missed-call text-back: press 1 to take this call.', timeoutSeconds: 5, acceptDigit: '1' }, 'https://hooks.example.com').body;
    expect(body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1" timeout="5" action="https://hooks.example.com/twilio/voice/whisper-gather" method="POST" actionOnEmptyResult="true">' +
        '<Say>Missed-call text-back: press 1 to take this call.</Say></Gather><Hangup/></Response>',
    );
    const prompt = 'Press 1</Say></Gather><Dial>+15550001111</Dial>&lt;Redirect&gt;x&lt;/Redirect&gt;';
    expect(elementNames(renderTwiml({ kind: 'confirm_answer', prompt, timeoutSeconds: 5, acceptDigit: '1' }, 'https://h.example').body ?? '')).toEqual(['Response', 'Gather', 'Say', 'Hangup']);
  });

  it('bridge (the answer to the accepting key): an empty Response, so the whisper ends and Twilio connects the legs', () => {
    expect(renderTwiml({ kind: 'bridge' }, 'https://h.example').body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('voicemail: Say (escaped) + Record + Hangup', () => {
    const body = renderTwiml({ kind: 'voicemail', greeting: 'Smith & Sons is closed', maxSeconds: 90 }, 'https://h.example').body ?? '';
    expect(body).toContain('<Say>Smith &amp; Sons is closed</Say>');
    expect(body).toMatch(/<Record action="https:\/\/h\.example\/twilio\/voice\/record-action"[^>]*recordingStatusCallback="https:\/\/h\.example\/twilio\/voice\/recording-status"[^>]*maxLength="90"/);
    expect(body).toMatch(/<Hangup\/><\/Response>$/);
  });

  it('voicemail: a greeting carrying TwiML (raw or entity-encoded) adds no verb', () => {
    for (const greeting of ['Hi</Say><Dial>+15550001111</Dial><Say>', 'Hi &lt;/Say&gt;&lt;Redirect&gt;https://evil.example&lt;/Redirect&gt;']) {
      expect(elementNames(renderTwiml({ kind: 'voicemail', greeting, maxSeconds: 60 }, 'https://h.example').body ?? '')).toEqual(['Response', 'Say', 'Record', 'Hangup']);
    }
  });

  it('none is a 204', () => {
    expect(renderTwiml({ kind: 'none' }, 'https://h.example')).toEqual({ status: 204 });
  });
});
