// The listen addresses a container's arguments name (model/listen.ts).

import { describe, expect, it } from 'vitest';
import { listenAddresses } from '../server/src/service/model/listen';

describe('listen arguments', () => {
  it('reads HOST:PORT from the flags of well-known programs, in either form', () => {
    expect(listenAddresses(['--web.listen-address=127.0.0.1:9100', '--metrics-bind-address', ':8080', '--health-probe-bind-address=$(HOST_IP):8081', '--secure-listen-address=[::1]:8443', '--metrics-addr=10.1.2.3:8082'])).toEqual([
      { port: 9100, interface: 'localhost' },
      { port: 8080, interface: 'all' },
      { port: 8081, interface: 'default' },
      { port: 8443, interface: 'localhost' },
      { port: 8082, interface: 'default', address: '10.1.2.3' },
    ]);
  });

  it('leaves what it cannot place: other flags, a port alone, a host name, a port out of range', () => {
    expect(listenAddresses(['--port=9100', '--web.listen-address', '--bind-address=0.0.0.0', '--web.listen-address=exporter.local:9100', '--metrics-bind-address=:99999', 'web.listen-address=:1'])).toEqual([]);
  });
});
