import { makeServicesHandler } from '../../../../functions/http/services';
import { localObservability } from '../../../../functions/lib/observability';
import { buildApiGatewayEvent, localLambdaContext } from '../../../../local/adapter/apiGatewayEvent';
import { ApiKeyAdmin, ApiKeyVerifier } from '../../../../shared/auth';
import { MemoryLogger } from '../../../../shared/logging';
import type { DynamoServiceStore, ProvisioningService } from '../../../../shared/provisioning';
import { FakeApiKeyRepository } from '../../../support/fakeApiKeyRepository';

describe('services handler routing', () => {
  it('fails loudly on a route it does not serve, and never terminates for it', async () => {
    // Reproduced (#21): an unmatched route fell into terminate.
    const repository = new FakeApiKeyRepository();
    const apiKeys = new ApiKeyVerifier(repository, { logger: new MemoryLogger() });
    const { key } = await new ApiKeyAdmin(repository, { verifier: apiKeys }).create({ name: 'whmcs', scopes: ['provisioning'] }, '2026-11-01T00:00:00.000Z');
    const terminate = jest.fn();
    const provisioning = { terminate, create: jest.fn(), get: jest.fn(), action: jest.fn(), changePlan: jest.fn(), update: jest.fn() } as unknown as ProvisioningService;
    const logger = new MemoryLogger();
    const handler = makeServicesHandler({ apiKeys, provisioning, serviceStore: {} as DynamoServiceStore, observability: localObservability(logger) });
    const event = buildApiGatewayEvent(
      { method: 'POST', path: '/v1/services/S1/reboot-into-rescue', rawQueryString: '', headers: { authorization: `Bearer ${key}` }, body: '{}', sourceIp: '127.0.0.1', httpVersion: '1.1' },
      { routeKey: 'POST /v1/services/{ref}/reboot-into-rescue', pathParameters: { ref: 'S1' } },
      Date.parse('2026-11-03T10:05:00Z'),
    );

    const response = await handler(event, localLambdaContext('services'));

    expect(response).toMatchObject({ statusCode: 500 });
    expect(terminate).not.toHaveBeenCalled();
    expect(JSON.stringify(logger.entries)).toContain('does not serve route');
  });
});
