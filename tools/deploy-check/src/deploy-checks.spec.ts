import { join } from 'node:path';
import { runDeployChecks } from './deploy-checks';

const ROOT = join(__dirname, '..', '..', '..');

describe(runDeployChecks.name, () => {
  it('finds no error in the repository Dockerfile, docker-compose.yml and k8s overlays', () => {
    const findings = runDeployChecks(ROOT);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
