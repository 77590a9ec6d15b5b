import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedBuildOutput } from './build-output';
import { checkDockerfile, effectiveStage, parseDockerfile } from './dockerfile.checker';

const ROOT = join(__dirname, '..', '..', '..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const output = expectedBuildOutput(ROOT);
const errors = (text: string) => checkDockerfile(ROOT, text, output).filter((f) => f.severity === 'error').map((f) => `${f.where}: ${f.message}`);

describe(checkDockerfile.name, () => {
  it('passes the repository Dockerfile: every target exists, runs as non-root and its entrypoint is emitted by the build', () => {
    expect(errors(DOCKERFILE)).toEqual([]);
    const messaging = effectiveStage(parseDockerfile(DOCKERFILE), 'messaging');
    expect(messaging).toMatchObject({ user: '1000:1000', cmd: ['node', 'dist/services/messaging/src/main.js'], env: { HTTP_PORT: '3002', NODE_ENV: 'production' } });
    expect(messaging?.healthcheck).toContain('/health/live');
  });

  it('computes the build output from tsconfig.build.json (entrypoints, not specs)', () => {
    expect(output).toContain('dist/services/reporting/src/main.js');
    expect(output).toContain('dist/tools/cli/src/textback.js');
    expect([...output].some((f) => f.includes('.spec.'))).toBe(false);
  });

  it('fails an entrypoint the build does not emit, a root user and a missing HEALTHCHECK', () => {
    const broken = DOCKERFILE.replace('dist/services/lead-crm/src/main.js', 'dist/services/lead-crm/main.js')
      .replace('USER 1000:1000', 'USER root')
      .replace(/HEALTHCHECK --interval[^\n]*\\\n[^\n]*\n/, '');
    const found = errors(broken);
    expect(found).toContain('Dockerfile target lead-crm: runs dist/services/lead-crm/main.js, expected dist/services/lead-crm/src/main.js');
    expect(found).toContain('Dockerfile target messaging: runs as root (USER root)');
    expect(found).toContain('Dockerfile target messaging: needs a HEALTHCHECK on /health/live');
  });

  it('fails a missing target and a port that differs from the service default', () => {
    const broken = DOCKERFILE.replace('FROM runtime AS reporting', 'FROM runtime AS report').replace('ENV HTTP_PORT=3003', 'ENV HTTP_PORT=8080');
    const found = errors(broken);
    expect(found).toContain('Dockerfile target reporting: target is missing');
    expect(found).toContain('Dockerfile target conversation-ai: ENV HTTP_PORT=8080, the service defaults to 3003');
  });
});
