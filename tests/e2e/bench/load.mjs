// wrk against POST /api/v1/verifications on loopback: requests per second and latency
// percentiles. wrk runs 2 threads (one per core) and 32 connections.
//
// The main run reads one genuine code again and again: every request decodes it, reads the
// device, checks the P-256 signature and writes a record (an already-used verdict). Two
// shorter runs take the signature check out, to show what the server around it costs: a
// code that is not a permit code (refused before any lookup), and a well-formed code from
// an unknown device (one database read, no signature check).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Well-formed, version 1, from a device no one registered (fuzz/seeds/code.txt).
const UNKNOWN_DEVICE_CODE = 'GDJZZ:AFZWKZLEONSWKZAAAAAAA2X5Q3AAAAICAMCAKBQHBAEQUCYMBUHA6EARCIJRIFIWC4MBSGQ3DQOR4HZAEERCGJBFEYTSQKJKFMWC2LRPGAYTEMZUGU3DOOBZHI5TYPJ6H4';

function wrk(base, token, code, seconds) {
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
  const text = execFileSync('wrk', ['-t2', '-c32', `-d${seconds}s`, '--latency', '-s', script, `${base}/api/v1/verifications`], { encoding: 'utf8' });
  const [rps, p50, p99, , bad, total] = text.split('\n').find((l) => l.startsWith('RESULT')).split(' ').slice(1).map(Number);
  return { rps, p50, p99, bad, total };
}

export async function loadVerify(base, token, code) {
  const tool = 'wrk 4.1 (Debian), 2 threads, 32 connections, loopback';
  const main = wrk(base, token, code, 10);
  const how = `${tool}, 10 s, one genuine code read again and again (already-used verdicts: full signature check and a record each); ${main.total} requests, ${main.bad} non-2xx`;
  const out = [
    { name: 'verify endpoint throughput', value: main.rps, unit: 'req/s', how },
    { name: 'verify endpoint latency p50', value: main.p50, unit: 'ms', how },
    { name: 'verify endpoint latency p99', value: main.p99, unit: 'ms', how },
  ];
  for (const [what, text] of [['not a permit code', 'NOT-A-PERMIT-CODE'], ['unknown device', UNKNOWN_DEVICE_CODE]]) {
    const run = wrk(base, token, text, 5);
    const runHow = `${tool}, 5 s, the same request with ${what} (no signature check); ${run.total} requests, ${run.bad} non-2xx`;
    out.push({ name: `verify endpoint throughput, ${what}`, value: run.rps, unit: 'req/s', how: runHow });
    out.push({ name: `verify endpoint latency p99, ${what}`, value: run.p99, unit: 'ms', how: runHow });
  }
  return out;
}
