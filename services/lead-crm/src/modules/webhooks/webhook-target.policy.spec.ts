import { WebhookTargetPolicy, WebhookTargetRefusal } from './webhook-target.policy';

const refusal = (policy: WebhookTargetPolicy, url: string, addresses?: string[]): string | null => {
  try {
    const vetted = policy.vetUrl(url);
    if (addresses) policy.checkResolved(vetted, addresses);
    return null;
  } catch (err) {
    if (!(err instanceof WebhookTargetRefusal)) throw err;
    return err.message;
  }
};

describe(WebhookTargetPolicy.name, () => {
  const none = WebhookTargetPolicy.fromAllowList('');

  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://127.1.2.3:8123/', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['https://[::ffff:7f00:1]/hook', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['https://[fe80::1]/', 'linkLocal'],
    ['https://10.0.0.5/', 'private'],
    ['https://172.16.3.4/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['https://[fd12:3456::1]/', 'uniqueLocal'],
    ['https://100.64.0.1/', 'carrierGradeNat'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://[::]/', 'unspecified'],
    ['https://2130706433/', 'loopback'],
    ['https://0x7f.1/', 'loopback'],
    ['https://[64:ff9b::a00:1]/', 'rfc6052'],
  ])('refuses %s as %s', (url, range) => {
    expect(refusal(none, url)).toMatch(new RegExp(` is a ${range} address and not in CRM_WEBHOOK_ALLOWED_HOSTS$`));
  });

  it.each([
    ['ftp://crm.example.com/', 'scheme ftp: is not allowed'],
    ['file:///etc/passwd', 'scheme file: is not allowed'],
    ['not a url', 'not an absolute URL'],
    ['https://user:pw@crm.example.com/', 'must not carry a user name or password'],
    ['https://localhost/', 'local or cluster name (.localhost)'],
    ['https://api.localhost/', 'local or cluster name (.localhost)'],
    ['https://clickhouse.textback.svc.cluster.local:8123/', 'local or cluster name (.cluster.local)'],
    ['https://metadata.google.internal/', 'local or cluster name (.internal)'],
    ['https://clickhouse:8123/', 'not a fully qualified public host name'],
    ['http://93.184.215.14/hook', 'plain http is allowed only to hosts in CRM_WEBHOOK_ALLOWED_HOSTS'],
  ])('refuses %s: %s', (url, reason) => {
    expect(refusal(none, url)).toContain(reason);
  });

  it('accepts public https targets by address and by name', () => {
    expect(refusal(none, 'https://93.184.215.14/hook')).toBeNull();
    expect(refusal(none, 'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook')).toBeNull();
    expect(refusal(none, 'https://crm.example.com/hook', ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'])).toBeNull();
  });

  it('refuses a name when any one of its addresses is private, and a name with no address', () => {
    expect(refusal(none, 'https://crm.example.com/hook', ['93.184.215.14', '10.1.2.3'])).toBe('crm.example.com resolves to a private address and not in CRM_WEBHOOK_ALLOWED_HOSTS');
    expect(refusal(none, 'https://rebind.example.com/hook', ['::ffff:169.254.169.254'])).toBe('rebind.example.com resolves to a linkLocal address and not in CRM_WEBHOOK_ALLOWED_HOSTS');
    expect(refusal(none, 'https://crm.example.com/hook', [])).toBe('host crm.example.com has no address');
    expect(refusal(none, 'http://crm.example.com/hook', ['93.184.215.14'])).toContain('plain http is allowed only');
  });

  it('lets the allow-list name hosts, wildcard suffixes, addresses and CIDRs (plain http included)', () => {
    const policy = WebhookTargetPolicy.fromAllowList('127.0.0.3, receiver.localhost *.corp.internal,10.8.0.0/16 [fd00::1]');
    expect(refusal(policy, 'http://127.0.0.3:9000/hook')).toBeNull();
    expect(refusal(policy, 'http://127.0.0.1:9000/hook')).toContain('loopback');
    expect(refusal(policy, 'http://receiver.localhost/hook', ['127.0.0.1'])).toBeNull();
    expect(refusal(policy, 'https://crm.corp.internal/hook', ['192.168.3.3'])).toBeNull();
    expect(refusal(policy, 'https://corp.internal/hook')).toContain('(.internal)');
    expect(refusal(policy, 'https://crm.example.com/hook', ['10.8.4.4'])).toBeNull();
    expect(refusal(policy, 'https://crm.example.com/hook', ['10.9.4.4'])).toContain('private');
    expect(refusal(policy, 'http://[fd00::1]/')).toBeNull();
    expect(refusal(policy, 'http://[::ffff:127.0.0.3]/')).toBeNull();
  });

  it('rejects allow-list entries that are neither host, address nor CIDR, naming them', () => {
    expect(() => WebhookTargetPolicy.fromAllowList('10.0.0.0/33, https://x.example, ok.example')).toThrow('not a host name, IP address or CIDR: 10.0.0.0/33, https://x.example');
  });
});
