import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { HTTP_FUNCTIONS, type HttpFunctionName } from '../../../../functions/catalog';
import type { ApiKeyAuthorizerResult } from '../../../../functions/http/authorizer';
import { createBridgeServer } from '../../../../local/adapter/bridgeServer';
import type { HttpHandler } from '../../../../local/handlers';

describe('local adapter: the authorizer in front of guarded routes', () => {
  let server: Server;
  let url: string;
  let seen: APIGatewayProxyEventV2[];
  let asked: APIGatewayRequestAuthorizerEventV2[];
  let answer: ApiKeyAuthorizerResult;

  beforeAll(async () => {
    const echo: HttpHandler = async (event) => {
      seen.push(event);
      return { statusCode: 200, body: JSON.stringify({ authorizer: (event.requestContext as { authorizer?: unknown }).authorizer ?? null }) };
    };
    const httpHandlers = Object.fromEntries(Object.keys(HTTP_FUNCTIONS).map((name) => [name, echo])) as Record<HttpFunctionName, HttpHandler>;
    server = createBridgeServer({
      httpHandlers,
      scheduledHandlers: {} as never,
      eventHandlers: {} as never,
      authorize: async (event) => {
        asked.push(event);
        return answer;
      },
      now: () => new Date('2026-11-03T10:00:00Z'),
      listEvents: () => [],
      reset: async () => undefined,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen = [];
    asked = [];
    answer = { isAuthorized: true, context: { keyId: 'key_0123456789abcdef', scopes: ['usage:read'] } };
  });

  it('passes the authorizer context to the handler as requestContext.authorizer.lambda', async () => {
    const reply = await fetch(`${url}/v1/usage?period=2026-11`, { headers: { authorization: 'Bearer sbb_x' } });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ authorizer: { lambda: { keyId: 'key_0123456789abcdef', scopes: ['usage:read'] } } });
    expect(asked).toEqual([
      expect.objectContaining({ version: '2.0', type: 'REQUEST', routeKey: 'GET /v1/usage', identitySource: ['Bearer sbb_x'], rawQueryString: 'period=2026-11' }),
    ]);
  });

  it('answers 401 JSON without calling the authorizer when there is no Authorization header, as API Gateway does', async () => {
    const reply = await fetch(`${url}/v1/usage?period=2026-11`);
    expect(reply.status).toBe(401);
    expect(await reply.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(asked).toHaveLength(0);
    expect(seen).toHaveLength(0);
  });

  it('answers 401 JSON and never runs the handler when the authorizer denies', async () => {
    answer = { isAuthorized: false };
    const reply = await fetch(`${url}/v1/keys`, { headers: { authorization: 'Bearer sbb_revoked' } });
    expect(reply.status).toBe(401);
    expect(await reply.json()).toEqual({ error: { code: 'unauthorized', message: 'The API key is not valid' } });
    expect(seen).toHaveLength(0);
  });

  it('does not ask the authorizer for the health route', async () => {
    const reply = await fetch(`${url}/v1/health`);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ authorizer: null });
    expect(asked).toHaveLength(0);
  });
});
