// wrk against POST /api/v1/verifications on loopback: requests per second and latency
// percentiles. wrk runs 2 threads (one per core) and 32 connections for 10 s.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function loadVerify(base, token, code) {
  const dir = mkdtempSync(join(tmpdir(), 'wrk-'));
  const script = join(dir, 'verify.lua');
  writeFileSync(script, `wrk.method = "POST"
wrk.body = '{"code":"${code}"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer ${token}"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f %f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.requests))
end
`);
  const text = execFileSync('wrk', ['-t2', '-c32', '-d10s', '--latency', '-s', script, `${base}/api/v1/verifications`], { encoding: 'utf8' });
  const [rps, p50, p99, max, bad, total] = text.split('\n').find((l) => l.startsWith('RESULT')).split(' ').slice(1).map(Number);
  const how = `wrk 4.1 (Debian), 2 threads, 32 connections, 10 s, loopback, one genuine code read again and again (already-used verdicts: full signature check and a record each); ${total} requests, ${bad} non-2xx`;
  return [
    { name: 'verify endpoint throughput', value: rps, unit: 'req/s', how },
    { name: 'verify endpoint latency p50', value: p50, unit: 'ms', how },
    { name: 'verify endpoint latency p99', value: p99, unit: 'ms', how },
  ];
}
