/**
 * `npm run bench:heap-diff -- <before.heapsnapshot> <after.heapsnapshot> [--top 25] [--json]`: what grew between
 * two V8 heap snapshots (e.g. the ones `npm run bench:pipeline -- --heap-snapshots DIR` writes at the start and end
 * of its measured window), by object kind: constructor name for objects, closures and native objects, the node type
 * otherwise. Prints count and retained-by-self bytes before, after and the difference, largest growth first.
 *
 * Written here rather than taken from a library: the analysers on npm (memlab and friends) pull in a browser
 * toolchain; this needs one pass over the snapshot's `nodes` array. The snapshot's JSON is not parsed whole (a
 * 200 MB heap gives a file near V8's string-length limit): the header, the flat `nodes` array and the `strings`
 * array are read separately from the file's bytes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Kind {
  count: number;
  bytes: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, json: { type: 'boolean', default: false } },
});
if (positionals.length !== 2) {
  console.error(
    'usage: npm run bench:heap-diff -- <before.heapsnapshot> <after.heapsnapshot> [--top 25] [--json]',
  );
  process.exit(2);
}
const [beforeFile, afterFile] = positionals as [string, string];
console.error(`reading ${beforeFile}`);
const before = summarise(readFileSync(beforeFile));
console.error(`reading ${afterFile}`);
const after = summarise(readFileSync(afterFile));

const rows = [...new Set([...before.keys(), ...after.keys()])].map((kind) => {
  const b = before.get(kind) ?? { count: 0, bytes: 0 };
  const a = after.get(kind) ?? { count: 0, bytes: 0 };
  return { kind, countBefore: b.count, countAfter: a.count, bytesBefore: b.bytes, bytesAfter: a.bytes };
});
rows.sort((x, y) => y.bytesAfter - y.bytesBefore - (x.bytesAfter - x.bytesBefore));
const total = (m: Map<string, Kind>) => [...m.values()].reduce((acc, k) => acc + k.bytes, 0);
const top = rows.slice(0, Number(values.top));
if (values.json) {
  console.log(JSON.stringify({ totalBefore: total(before), totalAfter: total(after), top }, null, 2));
} else {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  console.log(`self size of all nodes: ${kb(total(before))} → ${kb(total(after))}`);
  console.log(`${'kind'.padEnd(48)} ${'count'.padStart(17)} ${'self size'.padStart(21)} ${'Δ'.padStart(9)}`);
  for (const r of top) {
    console.log(
      `${r.kind.slice(0, 48).padEnd(48)} ${`${r.countBefore} → ${r.countAfter}`.padStart(17)} ` +
        `${`${kb(r.bytesBefore)} → ${kb(r.bytesAfter)}`.padStart(21)} ${kb(r.bytesAfter - r.bytesBefore).padStart(9)}`,
    );
  }
}

/** Count and self size per object kind of one snapshot file. */
function summarise(buf: Buffer): Map<string, Kind> {
  const nodesAt = buf.indexOf('"nodes":[');
  if (nodesAt < 0) throw new Error('not a V8 heap snapshot (no "nodes" array)');
  const header = JSON.parse(`${buf.subarray(0, nodesAt).toString('utf8').replace(/,\s*$/, '')}}`) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  };
  const { node_fields: fields, node_types: types } = header.snapshot.meta;
  const stringsAt = buf.lastIndexOf('"strings":[');
  if (stringsAt < 0) throw new Error('not a V8 heap snapshot (no "strings" array)');
  const stringsEnd = buf.lastIndexOf(']');
  const strings = JSON.parse(buf.subarray(stringsAt + 10, stringsEnd + 1).toString('utf8')) as string[];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const typeNames = types[0];
  const kinds = new Map<string, Kind>();
  const row: number[] = [];
  let value = 0;
  let inNumber = false;
  for (let i = nodesAt + 9; i < buf.length; i++) {
    const c = buf[i] as number;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      inNumber = true;
      continue;
    }
    if (inNumber) {
      row.push(value);
      value = 0;
      inNumber = false;
      if (row.length === width) {
        const type = typeNames[row[typeAt] as number] ?? '?';
        const named = type === 'object' || type === 'closure' || type === 'native';
        const kind = named ? `${type}: ${strings[row[nameAt] as number] ?? '?'}` : `(${type})`;
        const entry = kinds.get(kind) ?? { count: 0, bytes: 0 };
        entry.count += 1;
        entry.bytes += row[sizeAt] as number;
        kinds.set(kind, entry);
        row.length = 0;
      }
    }
    if (c === 93) break; // ']' ends the nodes array
  }
  return kinds;
}
