import { BadRequestException } from '@nestjs/common';
import { IsString } from 'class-validator';
import { MAX_REQUEST_NESTING, nestedDeeperThan, RequestValidationPipe } from './request-validation.pipe';

class SignIn {
  @IsString()
  email!: string;
}

const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('RequestValidationPipe', () => {
  const pipe = new RequestValidationPipe();
  const body = { type: 'body' as const, metatype: SignIn, data: '' };

  it('answers 400 (not a call-stack overflow) for a body nested 2,000 levels deep', async () => {
    await expect(pipe.transform(nested(2000), body)).rejects.toThrow(new BadRequestException(`the request body is nested deeper than ${MAX_REQUEST_NESTING} levels`));
    await expect(pipe.transform({ email: nested(100) }, body)).rejects.toBeInstanceOf(BadRequestException);
  });

  it('still validates and transforms ordinary bodies', async () => {
    await expect(pipe.transform({ email: 'owner@example.com' }, body)).resolves.toBeInstanceOf(SignIn);
    await expect(pipe.transform({ email: 42 }, body)).rejects.toBeInstanceOf(BadRequestException);
    await expect(pipe.transform({ email: 'a@b.c', extra: 1 }, body)).rejects.toBeInstanceOf(BadRequestException);
  });

  it('measures nesting without recursion', () => {
    expect(nestedDeeperThan('text', 0)).toBe(false);
    expect(nestedDeeperThan({}, 1)).toBe(false);
    expect(nestedDeeperThan({ a: [1] }, 1)).toBe(true);
    expect(nestedDeeperThan(nested(64), 64)).toBe(false);
    expect(nestedDeeperThan(nested(65), 64)).toBe(true);
    expect(nestedDeeperThan(nested(100_000), 64)).toBe(true);
  });
});
