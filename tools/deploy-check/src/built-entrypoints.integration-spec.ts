import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGES } from './service-catalog';

const ROOT = join(__dirname, '..', '..', '..');

// `npm run test:integration` builds before it runs; this proves the images' CMD files exist in
// the real build output, not only in tsconfig.build.json's computed one.
describe('image entrypoints in dist/ after npm run build', () => {
  it.each(IMAGES.filter((i) => !i.pending).map((i) => [i.target, i.entrypoint]))('%s runs %s, which the build emitted', (_target, entrypoint) => {
    expect(existsSync(join(ROOT, entrypoint))).toBe(true);
  });
});
