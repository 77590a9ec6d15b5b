import { type ArgumentMetadata, BadRequestException, Injectable, ValidationPipe } from '@nestjs/common';

/** Deepest nesting of objects and arrays a request body, query or parameter may have. */
export const MAX_REQUEST_NESTING = 64;

/**
 * Whether `value` nests objects or arrays more than `limit` levels deep (a scalar is depth 0, `{}` and `[]` depth 1).
 * Walks with its own stack, never recursion, so any depth is measured without exhausting the call stack.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}

/**
 * Every service's validation pipe: Nest's `ValidationPipe` (whitelist, forbid unknown fields, transform; 400 listing
 * each bad field), after a nesting check. class-transformer recurses once per level, so a 4 kB body of 2,000 nested
 * arrays overflowed the call stack (`RangeError`) and was answered 500; now anything nested deeper than
 * {@link MAX_REQUEST_NESTING} levels is a 400 before it is transformed.
 * @throws BadRequestException for too deep a value, and whatever ValidationPipe throws (400s).
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestedDeeperThan(value, MAX_REQUEST_NESTING)) throw new BadRequestException(`the request ${metadata.type} is nested deeper than ${MAX_REQUEST_NESTING} levels`);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}
