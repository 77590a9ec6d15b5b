import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCompose, interpolate, parseDotenv } from './compose.checker';

const ROOT = join(__dirname, '..', '..', '..');

describe(checkCompose.name, () => {
  let dir: string;
  const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const run = (text: string) => {
    writeFileSync(join(dir, 'docker-compose.yml'), text);
    return checkCompose(dir).filter((f) => f.severity === 'error').map((f) => `${f.where}: ${f.message}`);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'compose-'));
    copyFileSync(join(ROOT, 'Dockerfile'), join(dir, 'Dockerfile'));
    copyFileSync(join(ROOT, '.env.example'), join(dir, '.env.example'));
    cpSync(join(ROOT, 'deploy', 'grafana'), join(dir, 'deploy', 'grafana'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the repository docker-compose.yml', () => {
    expect(run(compose)).toEqual([]);
  });

  it("fails a service environment that the service's env schema rejects", () => {
    const broken = compose.replace('KAFKA_BROKERS: kafka:19092', 'KAFKA_BROKERS: kafka');
    expect(run(broken)).toEqual(expect.arrayContaining([expect.stringMatching(/service telephony-ingest: environment: KAFKA_BROKERS.*host:port/)]));
  });

  it('fails a variable the schema does not read (a typo) and a loopback address', () => {
    const broken = compose.replace('      HTTP_PORT: 3001\n', '      HTTP_PROT: 3001\n').replace('KAFKA_BROKERS: kafka:19092', 'KAFKA_BROKERS: 127.0.0.1:9092');
    const errors = run(broken);
    expect(errors).toContain("docker-compose.yml service telephony-ingest: environment sets HTTP_PROT, which telephony-ingest's env schema does not read (typo?)");
    expect(errors).toContain('docker-compose.yml service messaging: KAFKA_BROKERS=127.0.0.1:9092 points at the container itself; use the compose service name');
  });

  it('fails a service that does not wait for the migration job, and an unknown build target', () => {
    const broken = compose.replace('condition: service_completed_successfully\n    kafka:', 'condition: service_started\n    kafka:').replace('target: scheduling }', 'target: schedulng }');
    const errors = run(broken);
    expect(errors).toContain('docker-compose.yml service telephony-ingest: must depend on migrate with condition service_completed_successfully');
    expect(errors).toContain('docker-compose.yml service scheduling: build target schedulng is not a Dockerfile stage');
  });
});

describe(`${checkCompose.name} on Grafana provisioning`, () => {
  it('fails a provisioning variable that the grafana service does not set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    try {
      for (const f of ['Dockerfile', '.env.example']) copyFileSync(join(ROOT, f), join(dir, f));
      cpSync(join(ROOT, 'deploy', 'grafana'), join(dir, 'deploy', 'grafana'), { recursive: true });
      writeFileSync(join(dir, 'docker-compose.yml'), readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8').replace('      CLICKHOUSE_PORT: 8123\n', ''));
      const errors = checkCompose(dir).map((f) => f.message);
      expect(errors).toEqual([expect.stringMatching(/clickhouse\.yaml reads \$CLICKHOUSE_PORT, which the service's environment does not set/)]);
      rmSync(join(dir, 'deploy'), { recursive: true });
      expect(checkCompose(dir).map((f) => f.message)).toContain('bind-mount source ./deploy/grafana/provisioning does not exist (compose would mount an empty directory)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(interpolate.name, () => {
  it('resolves ${VAR}, defaults, and $$ like compose', () => {
    const vars = parseDotenv('A=1\nEMPTY=\n# comment\nQ="quoted"\n');
    expect(interpolate('${A} ${EMPTY:-d} ${EMPTY-d} ${NONE:-x} $$HOME ${Q}', vars)).toBe('1 d  x $HOME quoted');
    expect(() => interpolate('${NONE:?must be set}', vars)).toThrow(/NONE: must be set/);
  });
});
