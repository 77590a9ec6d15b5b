import { create } from 'xmlbuilder2';
import { BXML_CACHE_LIMIT, renderBxml } from './bandwidth-bxml.factory';

/** Element names of an XML document in document order (parsed, not matched as text). */
const elementNames = (xml: string) =>
  Array.from((create(xml).node as unknown as { getElementsByTagName(n: string): ArrayLike<{ localName: string }> }).getElementsByTagName('*')).map((e) => e.localName);

const base = 'https://hooks.example.com/tb';
const auth = { username: 'bw-app', password: 's3cret-pass' };

describe('renderBxml', () => {
  it('forward: Transfer with ring timeout, transferComplete/Answer/Disconnect URLs and their fallbacks, carrying the callback credentials', () => {
    const reply = renderBxml({ kind: 'forward', toE164: '+15558675309', ringTimeoutSeconds: 20 }, base, auth);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('application/xml');
    expect(reply.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Transfer callTimeout="20" transferCompleteUrl="https://hooks.example.com/tb/bandwidth/voice/transfer-complete" transferCompleteMethod="POST" ' +
        'transferCompleteFallbackUrl="https://hooks.example.com/tb/bandwidth/voice/fallback/transfer-complete" transferCompleteFallbackMethod="POST" tag="textback-forward" ' +
        'username="bw-app" password="s3cret-pass" fallbackUsername="bw-app" fallbackPassword="s3cret-pass">' +
        '<PhoneNumber transferAnswerUrl="https://hooks.example.com/tb/bandwidth/voice/transfer-answer" transferAnswerMethod="POST" ' +
        'transferAnswerFallbackUrl="https://hooks.example.com/tb/bandwidth/voice/fallback/transfer-answer" transferAnswerFallbackMethod="POST" ' +
        'transferDisconnectUrl="https://hooks.example.com/tb/bandwidth/voice/transfer-disconnect" transferDisconnectMethod="POST" ' +
        'username="bw-app" password="s3cret-pass" fallbackUsername="bw-app" fallbackPassword="s3cret-pass">+15558675309</PhoneNumber></Transfer></Response>',
    );
  });

  it('voicemail: SpeakSentence (escaped, no SSML from templates) + Record + Hangup', () => {
    const reply = renderBxml({ kind: 'voicemail', greeting: 'Thanks for calling Smith & <Sons>.', maxSeconds: 120 }, base, null);
    expect(reply.body).toContain('<SpeakSentence voice="julie">Thanks for calling Smith &amp; Sons.</SpeakSentence>');
    expect(reply.body).toMatch(/<Record recordCompleteUrl="https:\/\/hooks\.example\.com\/tb\/bandwidth\/voice\/record-complete"[^>]*recordingAvailableUrl="https:\/\/hooks\.example\.com\/tb\/bandwidth\/voice\/recording-available"[^>]*maxDuration="120"/);
    expect(reply.body).toMatch(/<\/SpeakSentence><Record [^>]*\/><Hangup\/><\/Response>$/);
    expect(reply.body).toContain('recordCompleteFallbackUrl="https://hooks.example.com/tb/bandwidth/voice/fallback/record-complete"');
  });

  it('voicemail: a greeting carrying BXML (raw or entity-encoded) adds no verb', () => {
    for (const greeting of ['Hi</SpeakSentence><Redirect redirectUrl="https://evil.example"/>', 'Hi &lt;/SpeakSentence&gt;&lt;Transfer&gt;&lt;PhoneNumber&gt;+15550001111&lt;/PhoneNumber&gt;&lt;/Transfer&gt;']) {
      expect(elementNames(renderBxml({ kind: 'voicemail', greeting, maxSeconds: 60 }, base, auth).body ?? '')).toEqual(['Response', 'SpeakSentence', 'Record', 'Hangup']);
    }
  });

  it('hangup, bridge and none', () => {
    expect(renderBxml({ kind: 'hangup' }, base, auth).body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect(renderBxml({ kind: 'bridge' }, base, auth).body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(renderBxml({ kind: 'none' }, base, auth)).toEqual({ status: 204 });
  });

  it('confirm_answer (the answer to transferAnswer): Gather of one key with a short first-digit timeout around the prompt, gather callback with credentials', () => {
    const reply = renderBxml({ kind: 'confirm_answer', prompt: 'Missed-call text-back: press 1 to take this call.', timeoutSeconds: 5, acceptDigit: '1' }, base, auth);
    expect(reply).toMatchObject({ status: 200, contentType: 'application/xml' });
    expect(reply.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Gather gatherUrl="https://hooks.example.com/tb/bandwidth/voice/transfer-gather" gatherMethod="POST" gatherFallbackUrl="https://hooks.example.com/tb/bandwidth/voice/fallback/transfer-gather" gatherFallbackMethod="POST" maxDigits="1" firstDigitTimeout="5" repeatCount="1" username="bw-app" password="s3cret-pass" fallbackUsername="bw-app" fallbackPassword="s3cret-pass">' +
        '<SpeakSentence voice="julie">Missed-call text-back: press 1 to take this call.</SpeakSentence></Gather></Response>',
    );
  });

  it('renders each instruction, base URL and credential on its own, however often and in whatever order they come', () => {
    const forward = (toE164: string, ringTimeoutSeconds = 20) => ({ kind: 'forward' as const, toE164, ringTimeoutSeconds });
    const first = renderBxml(forward('+15558675309'), base, auth);
    first.body = 'changed by a caller';
    expect(renderBxml(forward('+15558675309'), base, auth).body).toContain('>+15558675309</PhoneNumber>');
    expect(renderBxml(forward('+15558675310'), base, auth).body).toContain('>+15558675310</PhoneNumber>');
    expect(renderBxml(forward('+15558675309', 15), base, auth).body).toContain('callTimeout="15"');
    expect(renderBxml(forward('+15558675309'), 'https://other.example.com', auth).body).toContain('https://other.example.com/bandwidth/voice/transfer-complete');
    expect(renderBxml(forward('+15558675309'), base, { username: 'bw-app', password: 'rotated' }).body).toContain('password="rotated"');
    expect(renderBxml(forward('+15558675309'), base, null).body).not.toContain('password=');
    for (let i = 0; i <= BXML_CACHE_LIMIT; i++) renderBxml(forward(`+1555${String(i).padStart(7, '0')}`), base, auth);
    expect(renderBxml(forward('+15558675309'), base, auth).body).toContain('>+15558675309</PhoneNumber>');
  });

  it('confirm_answer: a prompt template carrying BXML adds no verb (the sanitiser)', () => {
    const prompt = 'Press 1</SpeakSentence></Gather><Forward to="+15550001111"/>&lt;Hangup/&gt;';
    expect(elementNames(renderBxml({ kind: 'confirm_answer', prompt, timeoutSeconds: 5, acceptDigit: '1' }, base, auth).body ?? '')).toEqual(['Response', 'Gather', 'SpeakSentence']);
  });
});
