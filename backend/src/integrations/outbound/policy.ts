/**
 * Which addresses outbound calls to user-supplied URLs may reach (SECURITY.md 15). Checked on the
 * parsed address the socket will connect to, never on the text of a URL: `2130706433`, `0x7f.1`,
 * `[::ffff:7f00:1]` are all 127.0.0.1 by the time they get here.
 *
 * Default: public unicast only. Everything internal, special or reserved is refused, and IPv6
 * forms that carry an IPv4 address (mapped, NAT64, 6to4, Teredo) are judged by what they carry or
 * refused outright. CALDAV_ALLOWED_CIDRS opens exactly the listed ranges (and the IPv4-mapped
 * forms of IPv4 ranges), nothing next to them.
 */
import ipaddr from 'ipaddr.js';

/** Why an address is refused, in words an administrator understands. */
export type BlockReason =
  | 'internal'
  | 'loopback'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'embedded_ipv4'
  | 'reserved'
  | 'invalid';

export const BLOCK_REASON_WORDS: Record<BlockReason, { de: string; en: string }> = {
  internal: { de: 'internes Netz', en: 'internal network' },
  loopback: { de: 'Loopback, dieser Server selbst', en: 'loopback, this server itself' },
  link_local: {
    de: 'Link-local, z. B. Cloud-Metadaten',
    en: 'link-local, e.g. cloud metadata',
  },
  cgnat: { de: 'Carrier-Grade-NAT', en: 'carrier-grade NAT' },
  multicast: { de: 'Multicast/Broadcast', en: 'multicast/broadcast' },
  unspecified: { de: 'unspezifizierte Adresse', en: 'unspecified address' },
  embedded_ipv4: {
    de: 'IPv4 in IPv6 eingebettet (NAT64, 6to4, Teredo)',
    en: 'IPv4 embedded in IPv6 (NAT64, 6to4, Teredo)',
  },
  reserved: { de: 'reservierter Adressbereich', en: 'reserved address range' },
  invalid: { de: 'keine gültige IP-Adresse', en: 'not a valid IP address' },
};

export type AddressVerdict =
  { allowed: true; address: string } | { allowed: false; address: string; reason: BlockReason };

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

const IPV4_REASONS: Record<string, BlockReason> = {
  unspecified: 'unspecified',
  broadcast: 'multicast',
  multicast: 'multicast',
  linkLocal: 'link_local',
  loopback: 'loopback',
  carrierGradeNat: 'cgnat',
  private: 'internal',
};

const IPV6_REASONS: Record<string, BlockReason> = {
  unspecified: 'unspecified',
  linkLocal: 'link_local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'internal',
  deprecatedSiteLocal: 'internal',
  rfc6145: 'embedded_ipv4',
  rfc6052: 'embedded_ipv4',
  '6to4': 'embedded_ipv4',
  teredo: 'embedded_ipv4',
};

/** Global unicast: everything outside it is special or not yet assigned. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address for every purpose here. */
function unmapped(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function parseRange(cidr: string): Range {
  const [address, bits] = ipaddr.parseCIDR(cidr);
  // A mapped IPv6 range (::ffff:10.0.0.0/104) means the IPv4 range it maps.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [address, bits];
}

/** The reason an address is refused by default, or null when it is public unicast. */
export function defaultBlockReason(address: ipaddr.IPv4 | ipaddr.IPv6): BlockReason | null {
  const plain = unmapped(address);
  const range = plain.range();
  if (plain.kind() === 'ipv4') {
    if (range === 'unicast') return null;
    return IPV4_REASONS[range] ?? 'reserved';
  }
  if (range === 'unicast' && (plain as ipaddr.IPv6).match(GLOBAL_UNICAST_V6)) return null;
  if (range === 'unicast') {
    // ::a.b.c.d (IPv4-compatible, deprecated) and the unassigned rest outside 2000::/3.
    const parts = (plain as ipaddr.IPv6).parts;
    return parts.slice(0, 6).every((p) => p === 0) ? 'embedded_ipv4' : 'reserved';
  }
  return IPV6_REASONS[range] ?? 'reserved';
}

export interface AddressPolicy {
  /** The verdict for one address as text (any form ipaddr.js reads, brackets allowed). */
  check(address: string): AddressVerdict;
  /** The ranges the operator opened, as written in CALDAV_ALLOWED_CIDRS. */
  readonly allowedCidrs: readonly string[];
}

/** The policy with the operator's CALDAV_ALLOWED_CIDRS (already validated by config.ts). */
export function createAddressPolicy(allowedCidrs: readonly string[]): AddressPolicy {
  const allowed = allowedCidrs.map(parseRange);
  return {
    allowedCidrs,
    check(text) {
      const bare = text.replace(/^\[(.*)\]$/, '$1');
      let parsed: ipaddr.IPv4 | ipaddr.IPv6;
      try {
        parsed = ipaddr.parse(bare);
      } catch {
        return { allowed: false, address: text, reason: 'invalid' };
      }
      const plain = unmapped(parsed);
      const address = plain.toString();
      if (allowed.some(([net, bits]) => net.kind() === plain.kind() && plain.match(net, bits)))
        return { allowed: true, address };
      const reason = defaultBlockReason(plain);
      return reason ? { allowed: false, address, reason } : { allowed: true, address };
    },
  };
}

/**
 * Problems with a CALDAV_ALLOWED_CIDRS entry, for config.ts: empty when it is a clean range.
 * A range with host bits set (192.168.1.50/24) is refused: it is unclear whether the host or the
 * whole network was meant, and an allow-list must not guess.
 */
export function cidrProblem(cidr: string): string | null {
  const [addr, prefix, ...rest] = cidr.split('/');
  const strict =
    addr !== undefined &&
    prefix !== undefined &&
    rest.length === 0 &&
    /^\d{1,3}$/.test(prefix) &&
    (ipaddr.IPv4.isValidFourPartDecimal(addr) || (addr.includes(':') && ipaddr.IPv6.isValid(addr)));
  if (!strict || !ipaddr.isValidCIDR(cidr))
    return `"${cidr}" is not a CIDR range such as 192.168.1.50/32`;
  const [address, bits] = ipaddr.parseCIDR(cidr);
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
      : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  if (network.toString() !== address.toString())
    return `"${cidr}" has host bits set: write ${network.toString()}/${bits} for the network or ${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128} for the single host`;
  return null;
}
