// An independent route to RFM: plain JavaScript (no project code) reads the
// order-line CSV, computes recency, frequency, monetary, quintile scores and
// segments straight from KPIS.md, and compares them row by row with
// `custdash segments`. Scores are ranked by counting (how many customers are
// worse, plus equal ones that appeared earlier) instead of sorting, and the
// segment table is typed in again from KPIS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const TABLE = {
  'Champions': '555 554 544 545 454 455 445',
  'Loyal': '543 444 435 355 354 345 344 335',
  'Potential Loyalist': '553 551 552 541 542 533 532 531 452 451 442 441 431 453 433 432 423 353 352 351 342 341 333 323',
  'New Customers': '512 511 422 421 412 411 311',
  'Promising': '525 524 523 522 521 515 514 513 425 424 413 414 415 315 314 313',
  'Need Attention': '535 534 443 434 343 334 325 324',
  'About To Sleep': '331 321 312 221 213 231 241 251',
  'At Risk': '255 254 245 244 253 252 243 242 235 234 225 224 153 152 145 143 142 135 134 133 125 124',
  "Can't Lose Them": '155 154 144 214 215 115 114 113',
  'Hibernating': '332 322 233 232 223 222 132 123 122 212 211',
  'Lost': '111 112 121 131 141 151',
};
const segmentOf = new Map();
for (const [name, codes] of Object.entries(TABLE)) for (const c of codes.split(' ')) segmentOf.set(c, name);

/** Splits CSV text into records (RFC 4180 quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const dayOf = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86400000);

/** RFM of an order-line file with columns order_id, order_date, customer_id, amount (and maybe quantity). */
function rfm(file) {
  const [header, ...lines] = parseCsv(readFileSync(file, 'utf8')).filter((r) => r.length > 1);
  const col = (name) => header.indexOf(name);
  const [iOrder, iDate, iCust, iAmount, iQty] = ['order_id', 'order_date', 'customer_id', 'amount', 'quantity'].map(col);
  const customers = new Map(); // key → {id, first, last, orders:Set, monetary}
  const orderOwner = new Map();
  let lastDay = -Infinity;
  lines.forEach((r) => { lastDay = Math.max(lastDay, dayOf(r[iDate])); });
  const asOf = lastDay + 1;
  lines.forEach((r, index) => {
    const id = r[iCust];
    const key = id.trim().toLowerCase();
    if (!key) return;
    if (!customers.has(key)) customers.set(key, { id, first: index, last: -Infinity, orders: 0, monetary: 0 });
    const c = customers.get(key);
    const amount = Number(r[iAmount]);
    const qty = iQty >= 0 ? Number(r[iQty]) : NaN;
    const isReturn = amount < 0 || qty < 0;
    c.monetary += Math.max(amount, 0) - (isReturn ? Math.abs(amount) : 0);
    if (isReturn) return;
    c.last = Math.max(c.last, dayOf(r[iDate]));
    // An order counts once, for the customer whose line names it first.
    if (!orderOwner.has(r[iOrder])) { orderOwner.set(r[iOrder], key); c.orders += 1; }
  });
  const scored = [...customers.values()].filter((c) => c.orders > 0);
  for (const c of scored) c.recency = asOf - c.last;
  const n = scored.length;
  // Score = ⌊5·rank/n⌋ + 1, rank = customers worse + equal ones seen earlier.
  const score = (worse, equal) => scored.map((c) => {
    let rank = 0;
    for (const o of scored) if (worse(o, c) || (equal(o, c) && o.first < c.first)) rank++;
    return Math.floor((5 * rank) / n) + 1;
  });
  const R = score((o, c) => o.recency > c.recency, (o, c) => o.recency === c.recency);
  const F = score((o, c) => o.orders < c.orders, (o, c) => o.orders === c.orders);
  // Monetary compared in cents, as sums of two-decimal amounts.
  const cents = (x) => Math.round(x * 100);
  const M = score((o, c) => cents(o.monetary) < cents(c.monetary), (o, c) => cents(o.monetary) === cents(c.monetary));
  return scored
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.first - b.c.first)
    .map(({ c, i }) => {
      const code = `${R[i]}${F[i]}${M[i]}`;
      return { id: c.id, recency: c.recency, frequency: c.orders, monetary: c.monetary, r: R[i], f: F[i], m: M[i], code, segment: segmentOf.get(code) };
    });
}

function cli(file) {
  const out = execFileSync('cargo', ['run', '--locked', '-q', '-p', 'analytics', '--bin', 'custdash', '--', 'segments', file], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [header, ...rows] = parseCsv(out);
  assert.deepEqual(header, ['customer_id', 'recency_days', 'frequency', 'monetary', 'r', 'f', 'm', 'rfm_code', 'segment']);
  return rows.map(([id, recency, frequency, monetary, r, f, m, code, segment]) => ({
    id, recency: Number(recency), frequency: Number(frequency), monetary: Number(monetary),
    r: Number(r), f: Number(f), m: Number(m), code, segment,
  }));
}

function compare(file) {
  const mine = rfm(file);
  const theirs = cli(file);
  assert.equal(theirs.length, mine.length, 'scored customers');
  mine.forEach((a, i) => {
    const b = theirs[i];
    const where = `row ${i + 2} (${a.id})`;
    assert.equal(b.id, a.id, where);
    assert.equal(b.recency, a.recency, `${where} recency`);
    assert.equal(b.frequency, a.frequency, `${where} frequency`);
    assert.ok(Math.abs(b.monetary - a.monetary) < 0.006, `${where} monetary ${b.monetary} vs ${a.monetary}`);
    assert.deepEqual([b.r, b.f, b.m, b.code, b.segment], [a.r, a.f, a.m, a.code, a.segment], where);
  });
  return mine.length;
}

test('RFM of the hand-made fixture matches custdash row by row', () => {
  assert.equal(compare(path.join(root, 'tests/data/rfm_orders.csv')), 10);
});

test('RFM of the demo order lines matches custdash row by row', { skip: !existsSync(path.join(root, 'public/demo/orders.csv')) && 'demo data not generated' }, () => {
  assert.ok(compare(path.join(root, 'public/demo/orders.csv')) > 1000);
});
