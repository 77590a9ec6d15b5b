import { applyJsonPatch, JsonPatchException } from './json-patch.util';

describe(applyJsonPatch.name, () => {
  it('applies add, replace, remove, move, copy and test without changing the input', () => {
    const doc = { a: { b: 1 }, list: [1, 2], 'x/y': 'z' };
    const out = applyJsonPatch(doc, [
      { op: 'test', path: '/a/b', value: 1 },
      { op: 'replace', path: '/a/b', value: 2 },
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'add', path: '/list/0', value: 0 },
      { op: 'remove', path: '/x~1y' },
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'move', from: '/c/b', path: '/d' },
    ]);
    expect(out).toEqual({ a: { b: 2 }, list: [0, 1, 2, 3], c: {}, d: 2 });
    expect(doc).toEqual({ a: { b: 1 }, list: [1, 2], 'x/y': 'z' });
  });

  it('throws on a missing path or a failed test', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 1 }])).toThrow(JsonPatchException);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/test failed/);
  });
});
