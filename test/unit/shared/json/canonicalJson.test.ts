import { canonicalJson } from '../../../../shared/json';

describe('canonicalJson', () => {
  describe('canonicalJson', () => {
    it.each<[string, unknown, string]>([
      ['null', null, 'null'],
      ['true', true, 'true'],
      ['false', false, 'false'],
      ['zero', 0, '0'],
      ['negative zero as 0', -0, '0'],
      ['a fraction', 12.5, '12.5'],
      ['a negative integer', -7, '-7'],
      ['a large number in exponent form', 1e21, '1e+21'],
      ['NaN as null (as JSON.stringify)', Number.NaN, 'null'],
      ['Infinity as null (as JSON.stringify)', Number.POSITIVE_INFINITY, 'null'],
      ['a string', 'abc', '"abc"'],
      ['a string with quotes, a backslash and a newline', 'a"b\\c\nd', '"a\\"b\\\\c\\nd"'],
      ['a string with non-ASCII text as is', 'Zürich €', '"Zürich €"'],
      ['an empty string', '', '""'],
    ])('writes %s', (_name, value, expected) => {
      // Act
      const text = canonicalJson(value);

      // Assess
      expect(text).toBe(expected);
    });

    it.each<[string, unknown, string]>([
      ['an empty array', [], '[]'],
      ['an array in its own order', [3, 'a', null, true], '[3,"a",null,true]'],
      ['undefined items as null', [1, undefined, 2], '[1,null,2]'],
      ['nested arrays', [[1, [2]], []], '[[1,[2]],[]]'],
      ['an empty object', {}, '{}'],
      ['object keys sorted', { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
      ['nested object keys sorted', { z: { y: 1, x: [{ b: 2, a: 1 }] }, a: null }, '{"a":null,"z":{"x":[{"a":1,"b":2}],"y":1}}'],
      ['undefined fields left out', { b: undefined, a: 1, c: { d: undefined } }, '{"a":1,"c":{}}'],
      ['null fields kept', { a: null }, '{"a":null}'],
      ['keys in UTF-16 code unit order (upper case before lower case before accented)', { é: 1, a: 2, B: 3, _: 4 }, '{"B":3,"_":4,"a":2,"é":1}'],
      ['integer-like keys as strings ("10" before "2")', { 2: 'two', 10: 'ten', 1: 'one' }, '{"1":"one","10":"ten","2":"two"}'],
      ['a key that needs escaping', { 'a"b': 1 }, '{"a\\"b":1}'],
      ['arrays of objects in their own order', [{ b: 1 }, { a: 2 }], '[{"b":1},{"a":2}]'],
    ])('writes %s', (_name, value, expected) => {
      // Act
      const text = canonicalJson(value);

      // Assess
      expect(text).toBe(expected);
    });

    it('gives equal text for equal values built in different key orders', () => {
      // Prepare
      const first = { plan: { id: 1, tokensPerHour: 7 }, owner: { userId: 1, billingUserId: null }, lines: [{ serverId: 2, tokens: 5 }] };
      const second = { lines: [{ tokens: 5, serverId: 2 }], owner: { billingUserId: null, userId: 1 }, plan: { tokensPerHour: 7, id: 1 } };

      // Act
      const texts = [canonicalJson(first), canonicalJson(second)];

      // Assess
      expect(texts[0]).toBe(texts[1]);
      expect(texts[0]).toBe('{"lines":[{"serverId":2,"tokens":5}],"owner":{"billingUserId":null,"userId":1},"plan":{"id":1,"tokensPerHour":7}}');
    });

    it('gives different text for values that differ only in an array order', () => {
      // Act
      const texts = [canonicalJson({ a: [1, 2] }), canonicalJson({ a: [2, 1] })];

      // Assess
      expect(texts[0]).not.toBe(texts[1]);
    });

    it('writes JSON that parses back to the value', () => {
      // Prepare
      const value = { period: '2026-11', lines: [{ customer: '1001', tokens: 5000, money: { USD: 500 } }], total: 12.5, closed: true, note: null };

      // Act
      const parsed: unknown = JSON.parse(canonicalJson(value));

      // Assess
      expect(parsed).toStrictEqual(value);
    });

    it('ignores inherited and non-enumerable properties, as JSON.stringify does', () => {
      // Prepare
      const value = Object.create({ inherited: 1 }) as Record<string, unknown>;
      value.own = 2;
      Object.defineProperty(value, 'hidden', { value: 3, enumerable: false });

      // Act
      const text = canonicalJson(value);

      // Assess
      expect(text).toBe('{"own":2}');
    });

    it.each<[string, unknown, string]>([
      ['undefined', undefined, 'Not JSON-serialisable: undefined'],
      ['a function', () => 1, 'Not JSON-serialisable: function'],
      ['a symbol', Symbol('s'), 'Not JSON-serialisable: symbol'],
      ['a function inside an object', { a: () => 1 }, 'Not JSON-serialisable: function'],
      ['a symbol inside an array', [Symbol('s')], 'Not JSON-serialisable: symbol'],
    ])('throws a TypeError for %s', (_name, value, message) => {
      // Act
      const act = () => canonicalJson(value);

      // Assess
      expect(act).toThrow(TypeError);
      expect(act).toThrow(message);
    });

    it('throws a TypeError for a bigint', () => {
      // Act
      const act = () => canonicalJson({ tokens: 5000n });

      // Assess
      expect(act).toThrow(TypeError);
    });

    it('writes the holes of a sparse array as null', () => {
      // Prepare
      const sparse: unknown[] = [1];
      sparse[2] = 3;

      // Act
      const text = canonicalJson(sparse);

      // Assess
      expect(text).toBe('[1,null,3]');
    });
  });
});
