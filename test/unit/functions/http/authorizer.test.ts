import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { makeAuthorizerHandler } from '../../../../functions/http/authorizer';
import { localObservability } from '../../../../functions/lib/observability';
import { ApiKeyAdmin, ApiKeyVerifier } from '../../../../shared/auth';
import { MemoryLogger } from '../../../../shared/logging';
import { FakeApiKeyRepository } from '../../../support/fakeApiKeyRepository';

function authorizerEvent(headers: Record<string, string>, timeEpoch = Date.parse('2026-11-03T10:00:00Z')): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:eu-west-1:123456789012:api/$default/GET/v1/usage',
    identitySource: Object.values(headers),
    routeKey: 'GET /v1/usage',
    rawPath: '/v1/usage',
    rawQueryString: '',
    cookies: [],
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method: 'GET', path: '/v1/usage', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: 'GET /v1/usage',
      stage: '$default',
      time: '03/Nov/2026:10:00:00 +0000',
      timeEpoch,
    },
  };
}

describe('authorizer', () => {
  let repository: FakeApiKeyRepository;
  let admin: ApiKeyAdmin;
  let authorize: ReturnType<typeof makeAuthorizerHandler>;
  let logger: MemoryLogger;
  let monotonicMs: number;

  beforeEach(() => {
    repository = new FakeApiKeyRepository();
    logger = new MemoryLogger();
    monotonicMs = 1_000;
    const apiKeys = new ApiKeyVerifier(repository, { logger, touchEveryMs: 60_000, monotonicNow: () => monotonicMs });
    admin = new ApiKeyAdmin(repository, { verifier: apiKeys });
    authorize = makeAuthorizerHandler({ apiKeys, observability: localObservability(logger) });
  });

  it('allows a live key whatever its scope, with its id and scopes as context', async () => {
    const created = await admin.create({ name: 'whmcs', scopes: ['provisioning'] }, '2026-11-01T00:00:00.000Z');
    expect(await authorize(authorizerEvent({ authorization: `Bearer ${created.key}` }))).toEqual({
      isAuthorized: true,
      context: { keyId: created.id, scopes: ['provisioning'] },
    });
  });

  it('records the key\'s last use, stamped with the request time, at most once a minute', async () => {
    const created = await admin.create({ name: 'whmcs', scopes: ['usage:read'] }, '2026-11-01T00:00:00.000Z');
    const header = { authorization: `Bearer ${created.key}` };
    await authorize(authorizerEvent(header));
    monotonicMs += 59_000;
    await authorize(authorizerEvent(header, Date.parse('2026-11-03T10:00:59Z')));
    monotonicMs += 1_000;
    await authorize(authorizerEvent(header, Date.parse('2026-11-03T10:01:00Z')));
    expect(repository.touches.map((touch) => [touch.now, touch.notBefore])).toEqual([
      ['2026-11-03T10:00:00.000Z', '2026-11-03T09:59:00.001Z'],
      ['2026-11-03T10:01:00.000Z', '2026-11-03T10:00:00.001Z'],
    ]);
  });

  it('still allows the key when the last-used write fails, and logs it', async () => {
    const created = await admin.create({ name: 'whmcs', scopes: ['usage:read'] }, '2026-11-01T00:00:00.000Z');
    repository.failTouch = new Error('ProvisionedThroughputExceededException');
    expect(await authorize(authorizerEvent({ authorization: `Bearer ${created.key}` }))).toMatchObject({ isAuthorized: true });
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error', message: 'could not record an API key use', details: expect.objectContaining({ keyId: created.id }) }));
  });

  it('reads the header whatever its case', async () => {
    const created = await admin.create({ name: 'whmcs', scopes: ['admin'] }, '2026-11-01T00:00:00.000Z');
    expect(await authorize(authorizerEvent({ Authorization: `Bearer ${created.key}` }))).toMatchObject({ isAuthorized: true });
  });

  it.each([
    ['an unknown key', { authorization: 'Bearer sbb_unknown' }],
    ['another scheme', { authorization: 'Basic abc' }],
    ['no header', {}],
  ])('denies %s, recording nothing', async (_case, headers) => {
    expect(await authorize(authorizerEvent(headers))).toEqual({ isAuthorized: false });
    expect(repository.touches).toEqual([]);
  });

  it('denies a revoked key', async () => {
    const created = await admin.create({ name: 'whmcs', scopes: ['admin'] }, '2026-11-01T00:00:00.000Z');
    await admin.revoke(created.id, '2026-11-02T00:00:00.000Z');
    expect(await authorize(authorizerEvent({ authorization: `Bearer ${created.key}` }))).toEqual({ isAuthorized: false });
  });

  it('fails (API Gateway answers 500) rather than deny a key it could not check', async () => {
    repository.failGet = new Error('DynamoDB unavailable');
    await expect(authorize(authorizerEvent({ authorization: 'Bearer sbb_any' }))).rejects.toThrow('DynamoDB unavailable');
  });
});
