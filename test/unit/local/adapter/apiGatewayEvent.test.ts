import { buildApiGatewayEvent } from '../../../../local/adapter/apiGatewayEvent';

describe('buildApiGatewayEvent', () => {
  const timeEpoch = Date.parse('2026-11-03T10:00:05Z');
  const event = buildApiGatewayEvent(
    {
      method: 'GET',
      path: '/v1/usage',
      rawQueryString: 'period=2026-11&customer=1001',
      headers: { Authorization: 'Bearer k', 'X-Multi': ['a', 'b'], host: 'billing.example.test', cookie: 'a=1; b=2' },
      body: '',
      sourceIp: '127.0.0.1',
      httpVersion: '1.1',
    },
    { routeKey: 'GET /v1/usage', pathParameters: {} },
    timeEpoch,
  );

  it('builds a payload v2 event with the route key and raw path', () => {
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /v1/usage');
    expect(event.rawPath).toBe('/v1/usage');
    expect(event.rawQueryString).toBe('period=2026-11&customer=1001');
    expect(event.queryStringParameters).toEqual({ period: '2026-11', customer: '1001' });
  });

  it('lowercases header names and joins repeated values with commas, as API Gateway does', () => {
    expect(event.headers['authorization']).toBe('Bearer k');
    expect(event.headers['x-multi']).toBe('a,b');
  });

  it('moves cookies out of the headers into cookies, as API Gateway v2 does', () => {
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('names the domain from the Host header and its first label as the prefix', () => {
    expect(event.requestContext.domainName).toBe('billing.example.test');
    expect(event.requestContext.domainPrefix).toBe('billing');
    expect(event.requestContext.http.protocol).toBe('HTTP/1.1');
  });

  it('takes the request time from the given clock', () => {
    expect(event.requestContext.timeEpoch).toBe(timeEpoch);
    expect(event.requestContext.time).toBe('03/Nov/2026:10:00:05 +0000');
    expect(event.requestContext.http).toMatchObject({ method: 'GET', path: '/v1/usage', sourceIp: '127.0.0.1' });
  });

  it('leaves out the body, query and path parameters when there are none', () => {
    const bare = buildApiGatewayEvent(
      { method: 'GET', path: '/v1/health', rawQueryString: '', headers: {}, body: '', sourceIp: '127.0.0.1', httpVersion: '1.0' },
      { routeKey: 'GET /v1/health', pathParameters: {} },
      timeEpoch,
    );
    expect(bare).not.toHaveProperty('body');
    expect(bare).not.toHaveProperty('queryStringParameters');
    expect(bare).not.toHaveProperty('pathParameters');
    expect(bare).not.toHaveProperty('cookies');
    expect(bare.requestContext.domainName).toBe('127.0.0.1');
    expect(bare.requestContext.http.protocol).toBe('HTTP/1.0');
  });
});
