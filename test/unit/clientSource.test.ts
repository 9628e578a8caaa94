import { clientNetwork, sourceKey } from '../../src/safety/clientSource';

describe('clientNetwork', () => {
  it('keeps IPv4 addresses, and unwraps IPv4-mapped IPv6', () => {
    expect(clientNetwork('203.0.113.7', 64)).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7', 64)).toBe('203.0.113.7');
  });

  it('counts every address of one IPv6 /64 as one client', () => {
    const a = clientNetwork('2001:db8:1:2:aaaa:bbbb:cccc:dddd', 64);
    expect(a).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002:0000:0000:0000:0001', 64)).toBe(a);
    expect(clientNetwork('2001:db8:1:2::9', 64)).toBe(a);
    expect(clientNetwork('2001:db8:1:3::9', 64)).not.toBe(a);
  });

  it('takes the configured prefix length, and leaves non-addresses as they are', () => {
    expect(clientNetwork('2001:db8:1:2:aaaa::1', 48)).toBe('2001:db8:1::/48');
    expect(clientNetwork('2001:db8:1:2:aaaa::1', 128)).toBe('2001:db8:1:2:aaaa::1/128');
    expect(clientNetwork('fe80::1%eth0', 64)).toBe('fe80::/64');
    expect(clientNetwork('unknown', 64)).toBe('unknown');
  });

  it('hashes the source key', () => {
    expect(sourceKey('ip', '203.0.113.7')).toMatch(/^ip:[0-9a-f]{32}$/);
    expect(sourceKey('ip', '203.0.113.7')).not.toContain('203');
  });
});
