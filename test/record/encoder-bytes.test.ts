// The byte encoder against a reference built from JSON.stringify: same bytes, in any batching.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {RecordDecoder} from '../../source/record/decoder.ts';
import {EventEncoder} from '../../source/record/event-encoder.ts';
import {maxInternedLength, maxInternedStrings, typeCodes} from '../../source/record/format.ts';
import {encodeHeader} from '../../source/record/header.ts';
import {eventTypes, type Injection, type SimEvent} from '../../source/sim/events.ts';
import {describeRun} from './helpers.ts';

const run = describeRun('default', 4);
const top = 2 ** 47;
const escapes = 'say "hi" \\ ünïcødé ✓ 𝄞 \u0000\u0001\u001f\b\f\n\r\t \u2028\u2029 lone \ud800 and \udc00 </script>';

/** Every type, each edge the encoder has: CPU -1, big addresses, zero and huge deltas, escapes, long strings. */
const events: SimEvent[] = [
	{type: 'vma-alloc', t: 0, cpu: -1, fn: 'vm_area_alloc', mm: 0, vma: 1, start: top - 2 ** 26, end: top, flags: 'rw-p anon'},
	{type: 'fault-start', t: 0, cpu: 3, fn: 'do_user_addr_fault', mm: 0, addr: top - 4096, write: true},
	{type: 'fault-start', t: 9, cpu: 0, fn: 'do_user_addr_fault', mm: 1, addr: 2 ** 31, write: false},
	{type: 'lock-contend', t: 10, cpu: 3, fn: 'lock_mm_and_find_vma', lock: 'mmap_sem', mode: 'read'},
	{type: 'lock-acquire', t: 99, cpu: 3, fn: 'lock_mm_and_find_vma', lock: 'mmap_sem', mode: 'read', waitNs: 89},
	{type: 'ptl-acquire', t: 100, cpu: 2, fn: 'do_anonymous_page', lock: 'ptl@0x7fff00000000', mode: 'trylock', waitNs: 0},
	{type: 'lock-release', t: 1_000, cpu: 2, fn: 'do_anonymous_page', lock: 'ptl@0x7fff00000000', mode: 'spin', holdNs: 900},
	{type: 'spec-abort', t: 1_000, cpu: 1, fn: 'handle_speculative_fault', addr: 4096, reason: escapes},
	{type: 'fault-end', t: 2 ** 31 + 7, cpu: 3, fn: 'do_user_addr_fault', mm: 0, addr: top - 4096, outcome: 'sigsegv', path: 'fallback', kind: 'none', latencyNs: 2 ** 31 + 7},
	{type: 'writer-begin', t: 2 ** 31 + 7, cpu: 0, fn: 'do_mmap', op: 'mmap', mm: 0, vma: -1, start: 0, end: 0},
	{type: 'writer-end', t: 2 ** 40, cpu: 0, fn: 'do_mmap', op: 'madvise', mm: 0, vma: 5, flags: '', latencyNs: 999_999_999},
	{type: 'tlb-shootdown', t: 2 ** 40, cpu: 0, fn: 'flush_tlb_range', mm: 0, targets: 3, latencyNs: 1_000_000_000},
	{type: 'vma-adjust', t: 2 ** 40, cpu: 1, fn: 'vma_expand', mm: 1, vma: 2 ** 31, start: 4096, end: top},
	{type: 'vma-free', t: 2 ** 40 + 1, cpu: -1, fn: 'vm_area_free', mm: 0, vma: 5, deferredBy: 'srcu', deferredNs: 10},
	{type: 'pgtable-free', t: 2 ** 40 + 1, cpu: 1, fn: 'pte_free', mm: 0, addr: top - 2 ** 21, deferredBy: 'rcu', deferredNs: 100},
	{type: 'step', t: 2 ** 40 + 2, cpu: 3, fn: 'set_pte_at', step: 'pte-set', vma: -1, addr: top - 4096},
	{type: 'step', t: 2 ** 40 + 2, cpu: 0, fn: 'find_vma', step: 'vma-use', vma: 5, addr: 0},
	{type: 'rcu-gp', t: 2 ** 50, cpu: -1, fn: 'rcu_gp_kthread', flavour: 'srcu', gpNs: 2 ** 50 - 2 ** 40, callbacks: 2},
	{type: 'inject', t: 2 ** 50, cpu: 0, fn: 'inject', injection: {kind: 'mmap', mm: 0, size: 8 << 20, file: true, shared: false}},
	{type: 'inject', t: 2 ** 50, cpu: 0, fn: 'inject', injection: {kind: 'munmap', mm: 0, vma: 7}},
	{type: 'inject', t: 2 ** 50 + 1, cpu: 1, fn: 'inject', injection: {kind: 'mprotect', mm: 0, vma: 7}},
	{type: 'inject', t: 2 ** 50 + 2, cpu: 2, fn: 'inject', injection: {kind: 'fault-storm', mm: 0, vma: 7, durationNs: 1_000_000}},
	{type: 'violation', t: 2 ** 50 + 2, cpu: 1, fn: 'handle_pte_fault', kind: 'vma-use-after-free', cpus: [1, 0, -1], addr: top - 1, detail: escapes + ' again'},
	{type: 'violation', t: 2 ** 52, cpu: 2, fn: 'x'.repeat(maxInternedLength + 1), kind: 'bad-unlock', cpus: [], addr: 0, detail: 'y'.repeat(5000) + escapes},
	{type: 'violation', t: Number.MAX_SAFE_INTEGER, cpu: 0, fn: 'x'.repeat(maxInternedLength), kind: 'pgtable-leak', cpus: [2], addr: Number.MAX_SAFE_INTEGER, detail: ''},
];

/** The format spelled with JSON.stringify: the lines the encoder must write, byte for byte. */
function reference(list: readonly SimEvent[]): Buffer {
	const ids = new Map<string, number>();
	let out = '';
	let previousT = 0;
	const s = (text: string): number | string => {
		const known = ids.get(text);
		if (known !== undefined) return known;
		if (text.length > maxInternedLength || ids.size >= maxInternedStrings) return text;
		ids.set(text, ids.size);
		out += JSON.stringify(['s', ids.size - 1, text]) + '\n';
		return ids.size - 1;
	};
	for (const e of list) {
		// Its own statement: s() appends the definitions the line needs to `out` first.
		const line = JSON.stringify([e.t - previousT, e.cpu, typeCodes[e.type], s(e.fn), ...fields(e, s)]);
		previousT = e.t;
		out += line + '\n';
	}
	return Buffer.from(out, 'utf8');
}

function fields(e: SimEvent, s: (text: string) => number | string): unknown[] {
	switch (e.type) {
		case 'fault-start':
			return [e.mm, e.addr, e.write ? 1 : 0];
		case 'fault-end':
			return [e.mm, e.addr, s(e.outcome), s(e.path), s(e.kind), e.latencyNs];
		case 'spec-abort':
			return [e.addr, s(e.reason)];
		case 'lock-contend':
			return [s(e.lock), s(e.mode)];
		case 'lock-acquire':
		case 'ptl-acquire':
			return [s(e.lock), s(e.mode), e.waitNs];
		case 'lock-release':
			return [s(e.lock), s(e.mode), e.holdNs];
		case 'vma-alloc':
			return [e.mm, e.vma, e.start, e.end, s(e.flags)];
		case 'step':
			return [s(e.step), e.vma, e.addr];
		case 'vma-adjust':
			return [e.mm, e.vma, e.start, e.end];
		case 'vma-free':
		case 'pgtable-free':
			return [e.mm, e.type === 'vma-free' ? e.vma : e.addr, s(e.deferredBy), e.deferredNs];
		case 'writer-begin':
			return [s(e.op), e.mm, e.vma, e.start, e.end];
		case 'writer-end':
			return [s(e.op), e.mm, e.vma, s(e.flags), e.latencyNs];
		case 'tlb-shootdown':
			return [e.mm, e.targets, e.latencyNs];
		case 'rcu-gp':
			return [s(e.flavour), e.gpNs, e.callbacks];
		case 'inject':
			return [injection(e.injection)];
		case 'violation':
			return [s(e.kind), e.cpus, e.addr, s(e.detail)];
	}
}

function injection(i: Injection): object {
	switch (i.kind) {
		case 'mmap':
			return {kind: i.kind, mm: i.mm, size: i.size, file: i.file, shared: i.shared};
		case 'munmap':
		case 'mprotect':
			return {kind: i.kind, mm: i.mm, vma: i.vma};
		case 'fault-storm':
			return {kind: i.kind, mm: i.mm, vma: i.vma, durationNs: i.durationNs};
	}
}

/** Encodes in batches of `size`, copying each take() out before the next encode reuses it. */
function encode(list: readonly SimEvent[], size = list.length): {bytes: Buffer; encoder: EventEncoder} {
	const encoder = new EventEncoder();
	const parts: Buffer[] = [];
	for (let i = 0; i < list.length; i += size) {
		encoder.encode(list.slice(i, i + size));
		parts.push(Buffer.from(encoder.take()));
	}
	return {bytes: Buffer.concat(parts), encoder};
}

test('the hand-made events cover every event type and injection kind', () => {
	assert.deepEqual(new Set(events.map(e => e.type)), new Set(eventTypes));
	const kinds = events.flatMap(e => (e.type === 'inject' ? [e.injection.kind] : []));
	assert.deepEqual(kinds.sort(), ['fault-storm', 'mmap', 'mprotect', 'munmap']);
});

test('the bytes are those of the JSON.stringify reference, however the events are batched', () => {
	const expected = reference(events);
	for (const size of [1, 2, 5, events.length]) assert.ok(encode(events, size).bytes.equals(expected), `batches of ${size}`);
	const {encoder} = encode(events);
	assert.equal(encoder.events, events.length);
	assert.equal(encoder.lines, expected.toString('utf8').split('\n').length - 1);
	assert.equal(encoder.lastT, Number.MAX_SAFE_INTEGER);
});

test('a full string table writes every later new string inline', () => {
	const many: SimEvent[] = [];
	for (let i = 0; i < maxInternedStrings + 100; i++) {
		many.push({type: 'lock-contend', t: 0, cpu: i % 4, fn: 'f', lock: `lock#${i}`, mode: i % 2 === 0 ? 'read' : 'write'});
	}
	many.push(...events);
	const {bytes, encoder} = encode(many, 1000);
	assert.equal(encoder.strings, maxInternedStrings);
	assert.ok(bytes.equals(reference(many)));
	assert.match(bytes.toString('utf8'), /^\[0,\d,3,\d+,"lock#65536",\d+\]$/m);
});

test('the reader decodes the bytes back into the same events', () => {
	const decoder = new RecordDecoder();
	const decoded: SimEvent[] = [];
	decoder.push(Buffer.from(encodeHeader(run) + '\n'), decoded);
	decoder.push(encode(events, 3).bytes, decoded);
	decoder.finish(decoded);
	assert.deepStrictEqual(decoded, events);
});

test('take() hands out what was encoded since the last take, and nothing twice', () => {
	const encoder = new EventEncoder();
	encoder.encode(events.slice(0, 3));
	const first = Buffer.from(encoder.take());
	assert.equal(encoder.take().length, 0);
	encoder.encode(events.slice(3));
	assert.ok(Buffer.concat([first, encoder.take()]).equals(reference(events)));
});
