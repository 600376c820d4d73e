/** How the model turns mapping calls into steps: whole-region calls replay, partial ones are approximated and said so. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {TracedEvent, TraceEvent} from '../../source/trace/events.ts';
import {TraceModel} from '../../source/trace/trace-model.ts';

const MiB = 1 << 20;
const base = 0x7f00_0000_0000;

function run(events: readonly TraceEvent[]): TraceModel {
	const model = new TraceModel({fromNs: 0, toNs: Number.POSITIVE_INFINITY, maxEvents: 1000});
	for (const [i, event] of events.entries()) model.add({...event, comm: 'a', pid: 7, tid: 7, cpu: 0, ns: 1000 * (i + 1)} as TracedEvent);
	return model;
}

test('a thread stack: mmap PROT_NONE, a partial mprotect granting rw to the whole region, faults, then a whole munmap', () => {
	const model = run([
		{kind: 'mmap-enter', addr: 0, len: MiB, prot: 0, flags: 0x22, fd: -1},
		{kind: 'mmap-exit', ret: base},
		{kind: 'mprotect', addr: base + 4096, len: MiB - 4096, prot: 3},
		{kind: 'fault', address: base + 8192 + 5, write: true},
		{kind: 'munmap', addr: base, len: MiB},
	]);
	const entries = model.processes.get(7)!.threads.get(7)!.entries;
	assert.deepEqual(entries.map(e => e.kind), ['mmap', 'mprotect', 'fault', 'munmap']);
	const [mmap, mprotect] = entries;
	assert.equal(mmap?.kind === 'mmap' && mmap.region.prot, 'none', 'the mmap step maps it as it was mapped');
	assert.equal(mprotect?.kind === 'mprotect' && mprotect.prot, 'rw');
	assert.deepEqual([...model.approximations], [['partial mprotect granting access: granted to the whole region', 1]]);
});

test('a partial munmap or MADV_DONTNEED is left out and counted; the rest of the region still takes faults', () => {
	const model = run([
		{kind: 'mmap-enter', addr: 0, len: MiB, prot: 3, flags: 0x22, fd: -1},
		{kind: 'mmap-exit', ret: base},
		{kind: 'munmap', addr: base, len: MiB / 2},
		{kind: 'madvise', addr: base + MiB / 2, len: 4096, behavior: 4},
		{kind: 'fault', address: base + MiB - 1, write: false},
		{kind: 'fault', address: base, write: false},
	]);
	const entries = model.processes.get(7)!.threads.get(7)!.entries;
	assert.deepEqual(entries.map(e => e.kind === 'fault' ? e.region?.name ?? null : e.kind), ['mmap', 'r1', null]);
	assert.equal(model.approximations.size, 2);
});
