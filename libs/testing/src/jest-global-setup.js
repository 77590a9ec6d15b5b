/**
 * Fails the integration run at once, with the fix, when the local stack is not up, instead of
 * letting every test time out. Reads the same settings as stack-env.ts.
 */
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function settings() {
  const file = path.join(process.env.TEXTBACK_STACK_HOME || path.join(os.homedir(), '.textback-stack'), 'stack.env');
  const fromFile = {};
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) fromFile[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
    }
  }
  const pick = (k, d) => process.env[k] || fromFile[k] || d;
  return {
    kafka: pick('KAFKA_BROKERS', '127.0.0.1:9092').split(',')[0],
    postgres: new URL(pick('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/textback')),
    clickhouse: new URL(pick('CLICKHOUSE_URL', 'http://127.0.0.1:18123')),
  };
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 2000 }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

module.exports = async () => {
  const s = settings();
  const [kHost, kPort] = s.kafka.split(':');
  const checks = [
    ['Kafka', kHost, kPort],
    ['PostgreSQL', s.postgres.hostname, s.postgres.port || 5432],
    ['ClickHouse', s.clickhouse.hostname, s.clickhouse.port || 8123],
  ];
  const down = [];
  for (const [name, host, port] of checks) if (!(await reachable(host, port))) down.push(`${name} (${host}:${port})`);
  if (down.length > 0) throw new Error(`integration tests need the local stack; not reachable: ${down.join(', ')}. Run: bash deploy/local/stack.sh up`);
};
