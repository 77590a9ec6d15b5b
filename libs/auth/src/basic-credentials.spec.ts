import { basicCredentialListSchema, matchBasicCredential } from './basic-credentials';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe(matchBasicCredential.name, () => {
  const credentials = basicCredentialListSchema.parse('[{"applicationId":"app-1","username":"tb-voice","password":"long-secret-1"},{"username":"other","password":"long-secret-2"}]');

  it('matches a configured pair, bound to its application when the callback names one', () => {
    expect(matchBasicCredential(basic('tb-voice', 'long-secret-1'), credentials, 'app-1')?.username).toBe('tb-voice');
    expect(matchBasicCredential(basic('tb-voice', 'long-secret-1'), credentials)?.username).toBe('tb-voice');
    expect(matchBasicCredential(basic('tb-voice', 'long-secret-1'), credentials, 'app-2')).toBeNull();
    expect(matchBasicCredential(basic('other', 'long-secret-2'), credentials, 'app-2')?.username).toBe('other');
  });

  it('refuses a wrong password, a missing or malformed header, and anything when nothing is configured', () => {
    expect(matchBasicCredential(basic('tb-voice', 'long-secret-2'), credentials)).toBeNull();
    expect(matchBasicCredential(undefined, credentials)).toBeNull();
    expect(matchBasicCredential('Bearer abc', credentials)).toBeNull();
    expect(matchBasicCredential(basic('tb-voice', 'long-secret-1'), basicCredentialListSchema.parse(''))).toBeNull();
    expect(() => basicCredentialListSchema.parse('[{"username":"u","password":"short"}]')).toThrow(/at least 8/);
  });
});
