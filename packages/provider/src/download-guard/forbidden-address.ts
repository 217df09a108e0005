/**
 * Which IP addresses proxyDownload must never connect to: the provider's own machine and the
 * networks behind it (draft-ietf-mimi-protocol-06 §Download using a hub proxy: the hub fetches a
 * URL a peer names, the classic server-side request forgery). IPv4 and IPv6, and every IPv6 form
 * that carries an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) when the IPv4 address
 * inside is forbidden. Matching is node's net.BlockList; nothing here parses addresses by hand.
 */
import { BlockList, isIP } from 'node:net';

export type ForbiddenAddressClass =
  /** 127.0.0.0/8, ::1 */
  | 'loopback'
  /** 0.0.0.0/8 ("this network"; 0.0.0.0 reaches the local machine), :: */
  | 'unspecified'
  /** 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10 (deprecated site-local), 64:ff9b:1::/48 (local-use NAT64) */
  | 'private'
  /** 169.254/16 (cloud metadata services live here), fe80::/10 */
  | 'link-local'
  /** 100.64/10, carrier-grade NAT (RFC 6598) */
  | 'shared'
  /** 224/4, ff00::/8 */
  | 'multicast'
  /** 255.255.255.255 */
  | 'broadcast'
  /** 240/4, reserved for future use */
  | 'reserved'
  /** Not an IP address at all (fail closed). */
  | 'not-an-address';

/** How an IPv6 address carries the IPv4 address that made it forbidden. */
export type Ipv4Embedding =
  /** ::ffff:a.b.c.d (also written ::ffff:7f00:1): the socket connects to the IPv4 address. */
  | 'ipv4-mapped'
  /** ::a.b.c.d, deprecated (RFC 4291 §2.5.5.1). */
  | 'ipv4-compatible'
  /** 64:ff9b::a.b.c.d, the well-known NAT64 prefix (RFC 6052): a NAT64 gateway connects to the IPv4 address. */
  | 'nat64'
  /** 2002:aabb:ccdd::/48 (RFC 3056): a 6to4 relay forwards to aa.bb.cc.dd. */
  | '6to4';

export interface ForbiddenAddress {
  address: string;
  class: ForbiddenAddressClass;
  /** Set when the address is forbidden for the IPv4 address it embeds. */
  embedding?: Ipv4Embedding;
}

type Subnet = readonly [ForbiddenAddressClass, string, number];

const IPV4: readonly Subnet[] = [
  ['broadcast', '255.255.255.255', 32],
  ['unspecified', '0.0.0.0', 8],
  ['loopback', '127.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['private', '172.16.0.0', 12],
  ['private', '192.168.0.0', 16],
  ['link-local', '169.254.0.0', 16],
  ['shared', '100.64.0.0', 10],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4],
];

const IPV6: readonly Subnet[] = [
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['private', 'fc00::', 7],
  ['private', 'fec0::', 10],
  ['private', '64:ff9b:1::', 48],
  ['link-local', 'fe80::', 10],
  ['multicast', 'ff00::', 8],
];

/** Each embedding: the IPv6 network that holds IPv4 network `v4`/`bits`, as address and prefix length. */
const EMBEDDINGS: ReadonlyArray<readonly [Ipv4Embedding, (v4: string, bits: number) => readonly [string, number]]> = [
  ['ipv4-mapped', (v4, bits) => [`::ffff:${v4}`, 96 + bits]],
  ['ipv4-compatible', (v4, bits) => [`::${v4}`, 96 + bits]],
  ['nat64', (v4, bits) => [`64:ff9b::${v4}`, 96 + bits]],
  ['6to4', (v4, bits) => [`2002:${hextets(v4)}::`, 16 + bits]],
];

/** a.b.c.d as the two hextets that follow 2002: in a 6to4 address. */
function hextets(v4: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

interface Matcher {
  class: ForbiddenAddressClass;
  embedding?: Ipv4Embedding;
  list: BlockList;
}

function matchers(subnets: readonly Subnet[], family: 'ipv4' | 'ipv6', embedding?: Ipv4Embedding): Matcher[] {
  return subnets.map(([cls, network, bits]) => {
    const list = new BlockList();
    list.addSubnet(network, bits, family);
    return embedding ? { class: cls, embedding, list } : { class: cls, list };
  });
}

const V4_MATCHERS = matchers(IPV4, 'ipv4');
// Plain IPv6 ranges first: :: and ::1 also lie in ::0.0.0.0/104, the IPv4-compatible form of 0/8.
const V6_MATCHERS = [
  ...matchers(IPV6, 'ipv6'),
  ...EMBEDDINGS.flatMap(([embedding, embed]) =>
    matchers(
      IPV4.map(([cls, network, bits]) => [cls, ...embed(network, bits)] as const),
      'ipv6',
      embedding,
    ),
  ),
];

/**
 * Why proxyDownload must not connect to `address`, or null when it may. `address` is an IP
 * address as net.isIP takes it (an IPv6 zone such as `%eth0` allowed); anything else is forbidden
 * as `not-an-address`.
 */
export function forbiddenAddress(address: string): ForbiddenAddress | null {
  const family = isIP(address);
  if (family === 0) return { address, class: 'not-an-address' };
  // Each list holds rules of one family only, and an address is only checked against its own
  // family's lists: node's BlockList also matches IPv4-mapped addresses against IPv4 rules, which
  // would classify them without naming the embedding.
  const found = (family === 4 ? V4_MATCHERS : V6_MATCHERS).find((m) => m.list.check(address, family === 4 ? 'ipv4' : 'ipv6'));
  if (!found) return null;
  return found.embedding ? { address, class: found.class, embedding: found.embedding } : { address, class: found.class };
}
