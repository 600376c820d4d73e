/**
 * How the model turns mapping calls into steps: whole-region calls name the region, partial
 * ones its range (`offset`, `size`). The steps' text is checked here, not loaded: the scenario
 * loader takes `offset`/`size`/`next_to` once the vma branch is merged.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {TracedEvent, TraceEvent} from '../../source/trace/events.ts';
import {replaySteps} from '../../source/trace/replay-steps.ts';
import {TraceModel} from '../../source/trace/trace-model.ts';

const MiB = 1 << 20;
const base = 0x7f00_0000_0000;

function run(events: readonly TraceEvent[]): TraceModel {
	const model = new TraceModel({fromNs: 0, toNs: Number.POSITIVE_INFINITY, maxEvents: 1000});
	for (const [i, event] of events.entries()) model.add({...event, comm: 'a', pid: 7, tid: 7, cpu: 0, ns: 1000 * (i + 1)} as TracedEvent);
	return model;
}

test('a thread stack: mmap PROT_NONE, a partial mprotect of all but its guard page, faults, then a whole munmap', () => {
	const model = run([
		{kind: 'mmap-enter', addr: 0, len: MiB, prot: 0, flags: 0x22, fd: -1},
		{kind: 'mmap-exit', ret: base},
		{kind: 'mprotect', addr: base + 4096, len: MiB - 4096, prot: 3},
		{kind: 'fault', address: base + 8192 + 5, write: true},
		{kind: 'munmap', addr: base, len: MiB},
	]);
	const entries = model.processes.get(7)!.threads.get(7)!.entries;
	assert.deepEqual(entries.map(e => e.kind), ['mmap', 'mprotect', 'fault', 'munmap']);
	const [mmap, mprotect, , munmap] = entries;
	assert.equal(mmap?.kind === 'mmap' && mmap.region.prot, 'none', 'the mmap step maps it as it was mapped');
	assert.deepEqual(mprotect?.kind === 'mprotect' && [mprotect.range, mprotect.prot], [{offset: 4096, size: MiB - 4096}, 'rw']);
	assert.equal(munmap?.kind === 'munmap' && munmap.range, null, 'the munmap covers all of it');
	assert.deepEqual([...model.approximations], [], 'nothing approximated');
	assert.deepEqual(replaySteps(entries, 0), [
		'mmap: {name: r1, size: 1024KiB, kind: anon, shared: false, prot: none}',
		'mprotect: {region: r1, offset: 4KiB, size: 1020KiB, prot: rw}',
		'faults: {region: r1, pages: "2w"}',
		'munmap: r1',
	]);
});

test('a partial munmap and MADV_DONTNEED replay on their range; faults in the unmapped part find no region', () => {
	const model = run([
		{kind: 'mmap-enter', addr: 0, len: MiB, prot: 3, flags: 0x22, fd: -1},
		{kind: 'mmap-exit', ret: base},
		{kind: 'munmap', addr: base, len: MiB / 2},
		{kind: 'madvise', addr: base + MiB / 2, len: 4096, behavior: 4},
		{kind: 'fault', address: base + MiB - 1, write: false},
		{kind: 'fault', address: base, write: false},
		// The rest of the region: a plain munmap.
		{kind: 'munmap', addr: base + MiB / 2, len: MiB / 2},
	]);
	const entries = model.processes.get(7)!.threads.get(7)!.entries;
	assert.deepEqual(entries.map(e => e.kind === 'fault' ? e.region?.name ?? null : e.kind), ['mmap', 'munmap', 'madvise', 'r1', null, 'munmap']);
	assert.equal(model.approximations.size, 0);
	assert.deepEqual(replaySteps(entries, 0).filter(s => !s.startsWith('faults')), [
		'mmap: {name: r1, size: 1024KiB, kind: anon, shared: false, prot: rw}',
		'munmap: {region: r1, offset: 0, size: 512KiB}',
		'madvise: {region: r1, offset: 512KiB, size: 4KiB}',
		'munmap: r1',
	]);
});

test('a partial mprotect to the protection the range already has is no step; one over a mixed region always is', () => {
	const model = run([
		{kind: 'mmap-enter', addr: 0, len: MiB, prot: 3, flags: 0x22, fd: -1},
		{kind: 'mmap-exit', ret: base},
		{kind: 'mprotect', addr: base, len: 4096, prot: 3},
		{kind: 'mprotect', addr: base, len: 4096, prot: 1},
		{kind: 'mprotect', addr: base + 4096, len: 4096, prot: 1},
		{kind: 'mprotect', addr: base, len: MiB, prot: 3},
	]);
	const steps = replaySteps(model.processes.get(7)!.threads.get(7)!.entries, 0);
	assert.deepEqual(steps.slice(1), [
		'mprotect: {region: r1, offset: 0, size: 4KiB, prot: r}',
		'mprotect: {region: r1, offset: 4KiB, size: 4KiB, prot: r}',
		'mprotect: {region: r1, prot: rw}',
	]);
});

test('MAP_FIXED over part of a mapping unmaps that part first; a mapping right above another is mapped next_to it', () => {
	const model = run([
		{kind: 'mmap-enter', addr: 0, len: MiB, prot: 1, flags: 0x02, fd: 3},
		{kind: 'mmap-exit', ret: base},
		{kind: 'mmap-enter', addr: base + 4 * 4096, len: 2 * 4096, prot: 5, flags: 0x12, fd: 3},
		{kind: 'mmap-exit', ret: base + 4 * 4096},
		{kind: 'mmap-enter', addr: 0, len: 64 * 1024, prot: 3, flags: 0x22, fd: -1},
		{kind: 'mmap-exit', ret: base + MiB},
	]);
	assert.deepEqual(replaySteps(model.processes.get(7)!.threads.get(7)!.entries, 0), [
		'mmap: {name: r1, size: 1024KiB, kind: file, shared: false, prot: r}',
		'munmap: {region: r1, offset: 16KiB, size: 8KiB}',
		'mmap: {name: r2, size: 8KiB, kind: file, shared: false, prot: rx}',
		'mmap: {name: r3, size: 64KiB, kind: anon, shared: false, prot: rw, next_to: r1}',
	]);
});
