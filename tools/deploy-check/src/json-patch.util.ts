/**
 * RFC 6902 JSON Patch (add, remove, replace, move, copy, test) on plain JSON values, the patch
 * format kustomize's `patches:` accept as a YAML list. Pointers follow RFC 6901 (`~1` is `/`,
 * `~0` is `~`; `-` appends to an array).
 */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

/** Thrown when a patch operation is malformed or its path does not exist. */
export class JsonPatchException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchException';
  }
}

type Container = Record<string, unknown> | unknown[];

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchException(`path "${pointer}" must start with "/"`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

function child(parent: Container, token: string, pointer: string): unknown {
  if (Array.isArray(parent)) {
    const i = Number(token);
    if (!/^\d+$/.test(token) || i >= parent.length) throw new JsonPatchException(`path "${pointer}": no array index ${token}`);
    return parent[i];
  }
  if (!Object.prototype.hasOwnProperty.call(parent, token)) throw new JsonPatchException(`path "${pointer}": no member "${token}"`);
  return parent[token];
}

function parentOf(doc: unknown, pointer: string): { parent: Container; key: string } {
  const tokens = parsePointer(pointer);
  const key = tokens.pop();
  if (key === undefined) throw new JsonPatchException('the whole document cannot be patched here');
  let node = doc;
  for (const t of tokens) {
    if (!isContainer(node)) throw new JsonPatchException(`path "${pointer}": "${t}" is not inside an object or array`);
    node = child(node, t, pointer);
  }
  if (!isContainer(node)) throw new JsonPatchException(`path "${pointer}": parent is not an object or array`);
  return { parent: node, key };
}

function getAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const t of parsePointer(pointer)) {
    if (!isContainer(node)) throw new JsonPatchException(`path "${pointer}" does not exist`);
    node = child(node, t, pointer);
  }
  return node;
}

function add(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!(key === '-' || /^\d+$/.test(key)) || i > parent.length) throw new JsonPatchException(`path "${pointer}": bad array index ${key}`);
    parent.splice(i, 0, value);
  } else parent[key] = value;
}

function remove(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(doc, pointer);
  const old = child(parent, key, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return old;
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * Applies `ops` to a deep copy of `doc` and returns it (the input is not changed).
 * @throws JsonPatchException on a missing path, a bad op or a failed `test`.
 */
export function applyJsonPatch<T>(doc: T, ops: readonly JsonPatchOperation[]): T {
  const out = clone(doc);
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        add(out, op.path, clone(op.value));
        break;
      case 'remove':
        remove(out, op.path);
        break;
      case 'replace': {
        const { parent, key } = parentOf(out, op.path);
        child(parent, key, op.path);
        if (Array.isArray(parent)) parent[Number(key)] = clone(op.value);
        else parent[key] = clone(op.value);
        break;
      }
      case 'move': {
        if (op.from === undefined) throw new JsonPatchException('move needs "from"');
        add(out, op.path, remove(out, op.from));
        break;
      }
      case 'copy':
        if (op.from === undefined) throw new JsonPatchException('copy needs "from"');
        add(out, op.path, clone(getAt(out, op.from)));
        break;
      case 'test':
        if (JSON.stringify(getAt(out, op.path)) !== JSON.stringify(op.value)) throw new JsonPatchException(`test failed at "${op.path}"`);
        break;
      default:
        throw new JsonPatchException(`unknown op ${JSON.stringify((op as { op: unknown }).op)}`);
    }
  }
  return out;
}
