import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Host names refused as webhook targets unless the operator allow-list names them: they name
 * this machine or the cluster, never a tenant's CRM. Suffixes match the name itself and every
 * name below it. Sources: RFC 6761 §6.3 (localhost), RFC 6762 (.local), RFC 8375 (home.arpa),
 * ICANN's reservation of .internal (2024), Kubernetes DNS (cluster.local, .svc), GCP metadata.
 */
export const REFUSED_HOST_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'cluster.local', 'svc', 'localdomain'] as const;

/**
 * The only ipaddr.js range a target may resolve to without the allow-list: public unicast. Every
 * other range ipaddr.js knows is refused, among them loopback (127/8, ::1), private (RFC 1918),
 * linkLocal (169.254/16 with the 169.254.169.254 metadata address, fe80::/10), uniqueLocal
 * (fc00::/7), carrierGradeNat (100.64/10, RFC 6598), multicast, broadcast, unspecified (0/8, ::),
 * reserved and the IPv6 ranges that embed an IPv4 address (6to4, Teredo, NAT64 rfc6052/6145).
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are judged as the IPv4 address they carry.
 */
export const PUBLIC_RANGE = 'unicast';

/** Why a target was refused, worded for the API's 400 and the delivery log. */
export class WebhookTargetRefusal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WebhookTargetRefusal';
  }
}

/** A URL that passed the checks that need no DNS. `literal` is set when the host is an IP address. */
export interface VettedUrl {
  url: URL;
  /** Host name without IPv6 brackets, lower case. */
  host: string;
  literal: ipaddr.IPv4 | ipaddr.IPv6 | null;
  /** The host name is on the operator allow-list (its addresses are not checked). */
  hostAllowListed: boolean;
}

/**
 * Which URLs outbound CRM webhooks may be sent to (SSRF defence). Rules, checked when a
 * subscription is created and again on every delivery after DNS resolution:
 * - `https:` only; plain `http:` only to a host the allow-list names (by name, or every address
 *   it resolves to inside an allow-listed CIDR). No user-info is needed and none is accepted.
 * - A host name must be fully qualified (a dot in it) and not under {@link REFUSED_HOST_SUFFIXES}.
 * - Every address the host resolves to must be public unicast ({@link PUBLIC_RANGE}); one
 *   refused address refuses the whole target (DNS answers can mix public and private records).
 * Entries of the allow-list (`CRM_WEBHOOK_ALLOWED_HOSTS`, comma or space separated) are host
 * names (`crm.corp.example`, `*.corp.example` for every name below it), IP addresses or CIDRs
 * (`10.20.0.0/16`, `fd00::/8`). An allow-listed name skips the address checks; an address inside
 * an allow-listed CIDR passes whatever its range.
 */
export class WebhookTargetPolicy {
  private constructor(
    private readonly hosts: readonly string[],
    private readonly cidrs: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][],
  ) {}

  /**
   * Parses the allow-list. @param raw `CRM_WEBHOOK_ALLOWED_HOSTS`, e.g. `127.0.0.1, crm.internal, 10.8.0.0/16`.
   * @throws Error naming every entry that is neither a host name, an IP address nor a CIDR.
   */
  static fromAllowList(raw: string): WebhookTargetPolicy {
    const hosts: string[] = [];
    const cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
    const bad: string[] = [];
    for (const entry of raw.split(/[\s,]+/).map((e) => e.trim().toLowerCase()).filter(Boolean)) {
      const bare = entry.replace(/^\[(.*)\]$/, '$1');
      if (bare.includes('/')) {
        try {
          cidrs.push(ipaddr.parseCIDR(bare));
        } catch {
          bad.push(entry);
        }
      } else if (isIP(bare)) {
        const ip = ipaddr.parse(bare);
        cidrs.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
      } else if (/^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(bare)) {
        hosts.push(bare);
      } else {
        bad.push(entry);
      }
    }
    if (bad.length > 0) throw new Error(`not a host name, IP address or CIDR: ${bad.join(', ')}`);
    return new WebhookTargetPolicy(hosts, cidrs);
  }

  /**
   * Checks what needs no DNS: scheme, host name form, a literal IP address.
   * @throws WebhookTargetRefusal with the reason.
   */
  vetUrl(raw: string): VettedUrl {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookTargetRefusal('url is not an absolute URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookTargetRefusal(`url scheme ${url.protocol} is not allowed; use https`);
    if (url.username || url.password) throw new WebhookTargetRefusal('url must not carry a user name or password; the signature authenticates us');
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase().replace(/\.$/, '');
    const hostAllowListed = this.hostAllowListed(host);
    const literal = isIP(host) ? ipaddr.parse(host) : null;
    if (literal) {
      this.checkAddress(host, literal, url.protocol, hostAllowListed);
      return { url, host, literal, hostAllowListed };
    }
    if (!hostAllowListed) {
      const suffix = [...REFUSED_HOST_SUFFIXES].sort((x, y) => y.length - x.length).find((s) => host === s || host.endsWith(`.${s}`));
      if (suffix) throw new WebhookTargetRefusal(`host ${host} is a local or cluster name (.${suffix}) and not in CRM_WEBHOOK_ALLOWED_HOSTS`);
      if (!host.includes('.')) throw new WebhookTargetRefusal(`host ${host} is not a fully qualified public host name`);
    }
    return { url, host, literal, hostAllowListed };
  }

  /**
   * Checks every address `vetted`'s host resolved to (the caller connects only to these).
   * @throws WebhookTargetRefusal naming the first refused address and its range.
   */
  checkResolved(vetted: VettedUrl, addresses: readonly string[]): void {
    if (addresses.length === 0) throw new WebhookTargetRefusal(`host ${vetted.host} has no address`);
    for (const a of addresses) this.checkAddress(vetted.host, ipaddr.parse(a), vetted.url.protocol, vetted.hostAllowListed);
  }

  private checkAddress(host: string, parsed: ipaddr.IPv4 | ipaddr.IPv6, protocol: string, hostAllowListed: boolean): void {
    if (hostAllowListed) return;
    const ip = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
    if (this.cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return;
    // A name's addresses are not echoed (the answer goes to the tenant: no map of internal DNS).
    const shown = !isIP(host) ? `${host} resolves to` : host === ip.toString() ? `${host} is` : `${host} (${ip.toString()}) is`;
    const range = ip.range();
    if (range !== PUBLIC_RANGE) throw new WebhookTargetRefusal(`${shown} a ${range} address and not in CRM_WEBHOOK_ALLOWED_HOSTS`);
    if (protocol !== 'https:') throw new WebhookTargetRefusal(`plain http is allowed only to hosts in CRM_WEBHOOK_ALLOWED_HOSTS; use https for ${host}`);
  }

  private hostAllowListed(host: string): boolean {
    return this.hosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h));
  }
}
