import { compareCustomers, CUSTOMER_MAX_LENGTH, customerReference, scopedCustomerReference } from '../../../../shared/billing';

describe('customerReference', () => {
  describe('customerReference', () => {
    it.each([
      ['the billing_user_id where set', { userId: 7, billingUserId: 1001 }, '1001'],
      ['solusio-user:<id> without billing_user_id', { userId: 7, billingUserId: null }, 'solusio-user:7'],
      ['solusio-user:<id> when billing_user_id is 0 (unset in SolusIO)', { userId: 7, billingUserId: 0 }, 'solusio-user:7'],
    ])('uses %s', (_name, owner, reference) => {
      // Assess
      expect(customerReference(owner)).toBe(reference);
    });

    it('names the installation of an owner without billing_user_id when given one (several configured), and leaves a billing_user_id as it is', () => {
      // Assess
      expect(customerReference({ userId: 7, billingUserId: null }, 'eu')).toBe('solusio-user:eu:7');
      expect(customerReference({ userId: 7, billingUserId: 1001 }, 'eu')).toBe('1001');
      expect(scopedCustomerReference('solusio-user:7', 'eu')).toBe('solusio-user:eu:7');
      expect(scopedCustomerReference('1001', 'eu')).toBe('1001');
    });

    it('never makes a reference longer than an input may name', () => {
      const longest = [customerReference({ userId: Number.MAX_SAFE_INTEGER, billingUserId: null }), customerReference({ userId: 1, billingUserId: Number.MAX_SAFE_INTEGER })];
      for (const reference of longest) expect(reference.length).toBeLessThan(CUSTOMER_MAX_LENGTH);
    });
  });

  describe('compareCustomers', () => {
    it.each([
      ['1001', '2002', -1],
      ['2002', '1001', 1],
      ['1001', '1001', 0],
      ['999', '1001', 1],
      ['1001', 'solusio-user:1', -1],
    ])('orders %s against %s as %i', (a, b, expected) => {
      // Assess
      expect(compareCustomers(a, b)).toBe(expected);
    });
  });
});
