import { SignInThrottle } from './sign-in-throttle.policy';

describe(SignInThrottle.name, () => {
  const limits = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMs: 60_000 };
  const t0 = Date.UTC(2026, 11, 5, 12, 0, 0);
  const dana = { account: 'dana@shop.example', address: '203.0.113.7' };

  it('refuses an account after its limit of failures, with the seconds until the oldest leaves the window', () => {
    const throttle = new SignInThrottle(limits);
    for (let i = 0; i < 3; i++) expect(throttle.admit(dana, t0 + i * 1000)).toEqual({ admitted: true });
    expect(throttle.admit(dana, t0 + 10_000)).toEqual({ admitted: false, limitedBy: 'account', retryAfterSeconds: 50 });
    // The same account from another address, spelled differently, is refused too; another account from there is not.
    expect(throttle.admit({ account: ' Dana@Shop.example ', address: '198.51.100.9' }, t0 + 10_000)).toMatchObject({ admitted: false, limitedBy: 'account' });
    expect(throttle.admit({ account: 'sam@shop.example', address: '198.51.100.9' }, t0 + 10_000)).toEqual({ admitted: true });
    // Refused attempts are not counted: once the oldest failure left the window, one more attempt is admitted.
    expect(throttle.admit(dana, t0 + 60_001)).toEqual({ admitted: true });
    expect(throttle.admit(dana, t0 + 60_002)).toMatchObject({ admitted: false, retryAfterSeconds: 1 });
  });

  it('refuses an address after its limit of failures over several accounts', () => {
    const throttle = new SignInThrottle(limits);
    for (let i = 0; i < 5; i++) expect(throttle.admit({ account: `user${i}@shop.example`, address: dana.address }, t0 + i)).toEqual({ admitted: true });
    expect(throttle.admit({ account: 'new@shop.example', address: dana.address }, t0 + 5)).toEqual({ admitted: false, limitedBy: 'address', retryAfterSeconds: 60 });
    expect(throttle.admit({ account: 'new@shop.example', address: '192.0.2.1' }, t0 + 5)).toEqual({ admitted: true });
  });

  it('never slows a successful sign-in, and a success clears the account\'s failures', () => {
    const throttle = new SignInThrottle(limits);
    expect(throttle.admit(dana, t0)).toEqual({ admitted: true });
    expect(throttle.admit(dana, t0 + 1)).toEqual({ admitted: true });
    expect(throttle.admit(dana, t0 + 2)).toEqual({ admitted: true });
    throttle.succeeded(dana, t0 + 2);
    for (let i = 0; i < 3; i++) expect(throttle.admit(dana, t0 + 10 + i)).toEqual({ admitted: true });
    expect(throttle.admit(dana, t0 + 20)).toMatchObject({ admitted: false, limitedBy: 'account' });
  });

  it('counts parallel attempts as they are admitted, so a burst cannot exceed the limit', () => {
    const throttle = new SignInThrottle(limits);
    const burst = Array.from({ length: 10 }, () => throttle.admit(dana, t0));
    expect(burst.filter((a) => a.admitted)).toHaveLength(3);
  });

  it('forgets the least recently failed keys beyond maxTrackedKeys', () => {
    const throttle = new SignInThrottle({ ...limits, maxFailuresPerAccount: 1, maxTrackedKeys: 2 });
    expect(throttle.admit(dana, t0)).toEqual({ admitted: true });
    expect(throttle.admit({ account: 'other@shop.example', address: '192.0.2.1' }, t0)).toEqual({ admitted: true });
    expect(throttle.admit(dana, t0 + 1)).toEqual({ admitted: true });
  });
});
