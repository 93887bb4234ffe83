import { createServiceSchema, serviceViewSchema, type CreateServiceRequest } from '../../../../shared/provisioning';
import { fakeProvisioning, testOrder } from '../../../support/fakeProvisioning';

const NOW = '2026-11-03T10:00:00.000Z';

const order = (serviceRef: string, billingMode: CreateServiceRequest['billingMode']): CreateServiceRequest => testOrder(serviceRef, { billingMode });

describe('billingMode of a service', () => {
  it('accepts prepaid, postpaid and metered in a create body, and nothing else', () => {
    for (const mode of ['prepaid', 'postpaid', 'metered'] as const) expect(createServiceSchema.safeParse(order('S', mode)).success).toBe(true);
    const refused = createServiceSchema.safeParse({ ...order('S', 'metered'), billingMode: 'usage' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['billingMode']);
  });

  it('registers a metered service\'s server as metered, a prepaid one\'s as prepaid, and a postpaid one\'s as neither', async () => {
    // Prepare
    const p = fakeProvisioning();

    // Act
    const metered = await p.service.create(order('M', 'metered'), NOW);
    const prepaid = await p.service.create(order('P', 'prepaid'), NOW);
    const postpaid = await p.service.create(order('Q', 'postpaid'), NOW);

    // Assess
    expect([...p.changes.metered]).toEqual([metered.serverId]);
    expect([...p.changes.prepaid]).toEqual([prepaid.serverId]);
    expect(postpaid.serverId).not.toBeNull();
    expect(serviceViewSchema.parse(metered)).toMatchObject({ billingMode: 'metered', ipAddresses: [] });
    expect((await p.service.get('M', NOW)).billingMode).toBe('metered');
  });
});
