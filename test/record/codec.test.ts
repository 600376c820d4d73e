import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {RecordDecoder, parseIntegers} from '../../source/record/decoder.ts';
import {EventEncoder} from '../../source/record/event-encoder.ts';
import {fieldLayouts, typeCodes} from '../../source/record/format.ts';
import {encodeHeader} from '../../source/record/header.ts';
import {eventTypes, type SimEvent} from '../../source/sim/events.ts';
import {describeRun} from './helpers.ts';

const run = describeRun('default', 4);

/** One event of every type, with awkward strings and numbers where a type has them. */
const everyType: SimEvent[] = [
	{type: 'vma-alloc', t: 0, cpu: -1, fn: 'vm_area_alloc', mm: 0, vma: 1, start: 0x7f2a00000000, end: 0x7f2a04000000, flags: 'rw-p anon'},
	{type: 'fault-start', t: 20, cpu: 3, fn: 'do_user_addr_fault', mm: 0, addr: 0x7f2a00001000, write: true},
	{type: 'lock-contend', t: 25, cpu: 3, fn: 'lock_mm_and_find_vma', lock: 'mmap_sem', mode: 'read'},
	{type: 'lock-acquire', t: 183, cpu: 3, fn: 'lock_mm_and_find_vma', lock: 'mmap_sem', mode: 'read', waitNs: 158},
	{type: 'ptl-acquire', t: 200, cpu: 3, fn: 'do_anonymous_page', lock: 'ptl@0x7f2a00000000', mode: 'trylock', waitNs: 0},
	{type: 'lock-release', t: 260, cpu: 3, fn: 'do_anonymous_page', lock: 'ptl@0x7f2a00000000', mode: 'spin', holdNs: 60},
	{type: 'spec-abort', t: 260, cpu: 2, fn: 'handle_speculative_fault', addr: 4096, reason: 'vma-seq-changed'},
	{type: 'fault-end', t: 300, cpu: 3, fn: 'do_user_addr_fault', mm: 0, addr: 0x7f2a00001000, outcome: 'sigsegv', path: 'fallback', kind: 'none', latencyNs: 280},
	{type: 'writer-begin', t: 310, cpu: 0, fn: 'do_mmap', op: 'mmap', mm: 0, vma: -1, start: 0, end: 0},
	{type: 'writer-end', t: 900, cpu: 0, fn: 'do_mmap', op: 'madvise', mm: 0, vma: 5, flags: 'rw-p anon', latencyNs: 590},
	{type: 'tlb-shootdown', t: 950, cpu: 0, fn: 'flush_tlb_range', mm: 0, targets: 3, latencyNs: 852},
	{type: 'vma-adjust', t: 990, cpu: 0, fn: 'vma_expand', mm: 0, vma: 1, start: 0x7f29ffff0000, end: 0x7f2a04000000},
	{type: 'step', t: 993, cpu: 1, fn: 'free_pgtables', step: 'pgtable-unlink', vma: -1, addr: 0x7f2a00000000},
	{type: 'vma-adjust', t: 995, cpu: 2, fn: '__split_vma', mm: 0, vma: 1, start: 0x7f2a00010000, end: 0x7f2a04000000},
	{type: 'vma-free', t: 1000, cpu: -1, fn: 'vm_area_free', mm: 0, vma: 5, deferredBy: 'srcu', deferredNs: 1_000_000},
	{type: 'pgtable-free', t: 1000, cpu: 1, fn: 'pte_free', mm: 0, addr: 0x7f2a00200000, deferredBy: 'rcu', deferredNs: 3_000_000},
	{type: 'rcu-gp', t: 3_001_000, cpu: -1, fn: 'rcu_gp_kthread', flavour: 'srcu', gpNs: 3_000_000, callbacks: 2},
	{type: 'inject', t: 3_001_000, cpu: 0, fn: 'inject', injection: {kind: 'mmap', mm: 0, size: 8 << 20, file: true, shared: false}},
	{type: 'inject', t: 3_001_001, cpu: 0, fn: 'inject', injection: {kind: 'munmap', mm: 0, vma: 7}},
	{type: 'inject', t: 3_001_002, cpu: 1, fn: 'inject', injection: {kind: 'mprotect', mm: 0, vma: 7}},
	{type: 'inject', t: 3_001_003, cpu: 2, fn: 'inject', injection: {kind: 'fault-storm', mm: 0, vma: 7, durationNs: 1_000_000}},
	{type: 'violation', t: 4_000_000, cpu: 1, fn: 'handle_pte_fault', kind: 'vma-use-after-free', cpus: [1, 0, -1], addr: 2 ** 47 - 4096, detail: 'vma#3 freed at 1700 "quoted" \\ ünïcødé \u2028 and a newline\n'},
	{type: 'violation', t: 4_000_000, cpu: 2, fn: 'x'.repeat(300), kind: 'bad-unlock', cpus: [], addr: 0, detail: 'a detail longer than the interning limit: ' + 'y'.repeat(300)},
];

function decodeText(text: string, chunk = 64 * 1024): {events: SimEvent[]; decoder: RecordDecoder} {
	const decoder = new RecordDecoder();
	const events: SimEvent[] = [];
	const bytes = Buffer.from(text);
	for (let i = 0; i < bytes.length; i += chunk) decoder.push(bytes.subarray(i, i + chunk), events);
	decoder.finish(events);
	return {events, decoder};
}

function encode(events: readonly SimEvent[]): string {
	const encoder = new EventEncoder();
	encoder.encode(events);
	return encodeHeader(run) + '\n' + encoder.take().toString('utf8');
}

test('the test events cover every event type', () => {
	assert.deepEqual(new Set(everyType.map(e => e.type)), new Set(eventTypes));
	assert.deepEqual(Object.keys(typeCodes).sort(), [...eventTypes].sort());
	assert.deepEqual(Object.keys(fieldLayouts).sort(), [...eventTypes].sort());
});

test('decode(encode(e)) deep-equals e for every event type, key order included', () => {
	const {events} = decodeText(encode(everyType));
	assert.deepStrictEqual(events, everyType);
	for (const [i, event] of events.entries()) assert.deepEqual(Object.keys(event), Object.keys(everyType[i]!), `key order of ${event.type}`);
});

test('decoding does not depend on where chunks split lines', () => {
	const text = encode(everyType);
	for (const chunk of [1, 2, 3, 7, 64, 1000]) assert.deepStrictEqual(decodeText(text, chunk).events, everyType, `chunks of ${chunk} bytes`);
});

test('event lines follow the documented layout: [dt, cpu, code, fn, ...fields]', () => {
	const lines = encode(everyType).split('\n').slice(1, -1).filter(line => !line.startsWith('["s"'));
	assert.equal(lines.length, everyType.length);
	for (const [i, line] of lines.entries()) {
		const values = JSON.parse(line) as unknown[];
		const event = everyType[i]!;
		assert.equal(values[2], typeCodes[event.type], `${event.type} code`);
		assert.equal(values.length, 4 + fieldLayouts[event.type].length, `${event.type} width`);
	}
	// Long strings are written inline, short ones through the table.
	assert.match(lines.at(-1)!, /^\[0,2,15,"x{300}",\d+,\[\],0,"a detail/);
	assert.match(lines[1]!, /^\[20,3,0,\d+,0,139818365358080,1\]$/);
});

test('strings are defined once, before their first use, with ids counting from 0', () => {
	const body = encode([...everyType, ...everyType.map(e => ({...e, t: e.t + 5_000_000}))]).split('\n').slice(1, -1);
	const defined = body.filter(line => line.startsWith('["s"')).map(line => JSON.parse(line) as [string, number, string]);
	assert.deepEqual(defined.map(d => d[1]), defined.map((_, i) => i));
	assert.equal(new Set(defined.map(d => d[2])).size, defined.length);
});

test('the fast integer parser agrees with JSON.parse on every array of safe integers', () => {
	const out = new Float64Array(32);
	fc.assert(
		fc.property(fc.array(fc.maxSafeInteger().map(n => (n % 2 === 0 ? n : Math.trunc(n / 1e6))), {minLength: 1, maxLength: 32}), values => {
			const text = JSON.stringify(values);
			const parsed = JSON.parse(text) as number[];
			const n = parseIntegers(Buffer.from(text), 0, text.length, out);
			// More than 15 digits is left to JSON.parse.
			if (n === -1) return values.some(v => Math.abs(v) >= 1e15);
			return n === parsed.length && parsed.every((v, i) => Object.is(out[i], v));
		}),
	);
});

test('the fast integer parser declines anything that is not a plain integer array', () => {
	const out = new Float64Array(32);
	for (const text of ['[1 ,2]', '[1,2 ]', '[01,2]', '[1.5]', '[1e3]', '[-]', '[1,]', '[1,2', '[1,2]x', '[1,"a"]', '[]', '[-01]', '[1234567890123456]', `[${Array(33).fill(1).join(',')}]`]) {
		assert.equal(parseIntegers(Buffer.from(text), 0, text.length, out), -1, text);
	}
	assert.equal(parseIntegers(Buffer.from('[-0,0,7]'), 0, 8, out), 3);
	assert.ok(Object.is(out[0], -0));
});

test('lines only JSON.parse can read decode the same as through the fast path', () => {
	// Whitespace and CRLF endings defeat the fast path but are valid JSON.
	const text = encode(everyType.slice(0, 2)).replace('[20,3,0,', '[ 20 , 3 , 0 ,').replaceAll('\n', '\r\n');
	assert.deepStrictEqual(decodeText(text).events, everyType.slice(0, 2));
});
