import { checkEnvironment, handshakeLine, HandshakeError, socketPlace } from './handshake';

describe('the handshake', () => {
  it('needs the magic cookie and protocol version 2, and refuses mutual TLS', () => {
    expect(() => checkEnvironment({})).toThrow(HandshakeError);
    expect(() => checkEnvironment({ grafana_plugin_type: 'app' })).toThrow('not run by hand');
    expect(() => checkEnvironment({ grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '1' })).toThrow(
      'version 2 only'
    );
    expect(() => checkEnvironment({ grafana_plugin_type: 'datasource', PLUGIN_CLIENT_CERT: 'x' })).toThrow(
      'mutual TLS'
    );
    expect(() =>
      checkEnvironment({ grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '1,2' })
    ).not.toThrow();
  });

  it('prints core 1, app protocol 2, unix, the socket, grpc', () => {
    const place = socketPlace({});
    try {
      expect(handshakeLine(place.socketPath)).toBe(`1|2|unix|${place.socketPath}|grpc\n`);
    } finally {
      place.remove();
    }
  });
});
