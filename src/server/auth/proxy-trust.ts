/**
 * Which client address a request came from behind reverse proxies. Each proxy appends the address
 * it received the request from to X-Forwarded-For, so only the entries the trusted proxies
 * appended, counted from the right, are true; whatever is left of them the client wrote itself. A
 * number of hops trusts the peer and that many entries less one; a list of addresses or CIDR
 * ranges (or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`) trusts exactly those proxies.
 * Fastify 5 refuses a bare number (it fails closed and trusts nothing), so hops become a function.
 */

/** `--trust-proxy`: false, true (one hop), a number of hops, or trusted proxy addresses. */
export type TrustProxy = boolean | number | string;

/** The `trustProxy` option of Fastify for a setting. */
export function fastifyTrustProxy(
  setting: TrustProxy | undefined,
): false | string | ((address: string, hop: number) => boolean) {
  if (setting === undefined || setting === false || setting === 0) return false;
  if (typeof setting === "string") return setting;
  const hops = setting === true ? 1 : setting;
  // hop 0 is the peer of the socket (the nearest proxy), hop 1 the entry it appended, and so on.
  return (_address, hop) => hop < hops;
}
