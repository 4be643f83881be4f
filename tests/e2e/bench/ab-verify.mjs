// A/B of the verify endpoint: the same wrk load (load.mjs) against two running mocks (each
// started with --demo --test-mode --no-limits), alternating, three rounds; prints one JSON line
// per run. For comparing two builds of the mock, e.g. before and after a change:
//   node tests/e2e/bench/ab-verify.mjs http://127.0.0.1:8201 http://127.0.0.1:8202
// A genuine code is made here with WebCrypto, as the phone makes it.
import { webcrypto as crypto } from 'node:crypto';
import { loadVerify } from './load.mjs';

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const b32 = (bytes) => {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; let bits = 0, v = 0, out = '';
  for (const b of bytes) { v = (v << 8) | b; bits += 8; while (bits >= 5) { out += A[(v >>> (bits - 5)) & 31]; bits -= 5; } }
  if (bits > 0) out += A[(v << (5 - bits)) & 31];
  return out;
};
async function json(base, path, token, body, method = 'POST') {
  const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const t = await r.text(); return t ? JSON.parse(t) : null;
}
async function signIn(base, label) {
  const personas = await (await fetch(base + '/api/v1/personas')).json();
  const phone = personas.find((p) => p.label === label).phone;
  const otp = await json(base, '/api/v1/auth/otp', null, { phone });
  return (await json(base, '/api/v1/auth/session', null, { phone, code: otp.demo_code })).token;
}
async function setUp(base) {
  const holder = await signIn(base, 'valid-permit');
  const staff = await signIn(base, 'staff-police');
  const deps = await json(base, '/api/v1/staff/departments', staff, undefined, 'GET');
  await json(base, '/api/v1/staff/post', staff, { department: deps[0].name, counter: deps[0].counters[0] }, 'PUT');
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const otp = await json(base, '/api/v1/devices/otp', holder, {});
  const dev = await json(base, '/api/v1/devices', holder, { public_key: Buffer.from(raw).toString('base64'), otp: otp.demo_code, label: 'ab' });
  return { staff, pair, id: Buffer.from(dev.device_id, 'hex') };
}
async function freshCode(base, { staff, pair, id }) {
  const now = Number(((await fetch(base + '/api/v1/health')).headers.get('x-server-time-ms')));
  const body = new Uint8Array(17); body[0] = 1; body.set(id, 1);
  new DataView(body.buffer).setBigInt64(9, BigInt(Math.floor(now / 1000)));
  const msg = new Uint8Array([...Buffer.from('gd-epermit-code/v1'), ...body]);
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, msg));
  let s = BigInt('0x' + Buffer.from(sig.slice(32)).toString('hex'));
  if (s > N / 2n) s = N - s;
  sig.set(Buffer.from(s.toString(16).padStart(64, '0'), 'hex'), 32);
  const code = 'GDJZZ:' + b32(new Uint8Array([...body, ...sig]));
  const first = await json(base, '/api/v1/verifications', staff, { code });
  if (!first.accepted) throw new Error('not accepted: ' + JSON.stringify(first));
  return code;
}
const [a, b] = process.argv.slice(2);
const setups = { [a]: await setUp(a), [b]: await setUp(b) };
for (let round = 0; round < 3; round++) {
  for (const base of [a, b]) {
    const code = await freshCode(base, setups[base]);
    const r = await loadVerify(base, setups[base].staff, code);
    console.log(JSON.stringify({ base, round, rows: r.map((x) => [x.name, Math.round(x.value * 10) / 10]) }));
  }
}
