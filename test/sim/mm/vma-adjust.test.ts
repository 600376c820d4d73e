/** VMA merge (vma_merge_new_range / vma_expand) and split (__split_vma), worked by hand on small mms. */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {userFault} from '../../../source/sim/fault/user-fault.ts';
import type {Mm} from '../../../source/sim/mm/mm.ts';
import {doMadviseDontneed} from '../../../source/sim/mm/madvise.ts';
import {doMmap} from '../../../source/sim/mm/mmap.ts';
import {doMprotect} from '../../../source/sim/mm/mprotect.ts';
import {doMunmap} from '../../../source/sim/mm/munmap.ts';
import {pteIndex} from '../../../source/sim/mm/pgtable.ts';
import {PTE_PRESENT} from '../../../source/sim/mm/pte.ts';
import {VM_READ, VM_WRITE} from '../../../source/sim/mm/vma.ts';
import {linkVma, makeKernel, makeMm, mapVma, ofType, runAll, spawn} from '../helpers.ts';

const KiB = 1024;
const rw = VM_READ | VM_WRITE;

function present(mm: Mm, addr: number): boolean {
	return ((mm.pteTable(addr)?.ptes[pteIndex(addr)] ?? 0) & PTE_PRESENT) !== 0;
}

describe('vma merge', () => {
	test('mmap right below an anonymous VMA with the same flags extends it, keeping its anon_vma', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const a = mapVma(k, mm, 64 * KiB, rw);
		const top = a.start;
		let addr = 0;
		spawn(k, 0, function* (task) {
			yield* userFault(k, task, mm, a.start, true);
			addr = yield* doMmap(k, task, mm, {size: 64 * KiB, flags: rw, file: null});
			yield* userFault(k, task, mm, addr, true);
		});
		const events = runAll(k);
		assert.equal(addr, top - 64 * KiB, 'placed top-down, right below');
		assert.deepEqual(mm.vmas, [a], 'one VMA');
		assert.deepEqual([a.start, a.end - a.start], [addr, 128 * KiB]);
		assert.notEqual(a.anonVma, 0);
		assert.equal(present(mm, addr), true);
		assert.equal(ofType(events, 'vma-alloc').length, 1, 'only the first VMA was ever allocated');
		assert.deepEqual(ofType(events, 'vma-adjust').map(e => [e.fn, e.vma, e.start, e.end]), [['vma_expand', a.id, addr, addr + 128 * KiB]]);
		assert.deepEqual(ofType(events, 'writer-end').map(e => [e.op, e.vma, e.flags]), [['mmap', a.id, 'rw-p anon']]);
		assert.equal(k.checker.violations, 0);
	});

	test('different flags: no merge', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const a = mapVma(k, mm, 64 * KiB, rw);
		spawn(k, 0, function* (task) {
			yield* doMmap(k, task, mm, {size: 64 * KiB, flags: VM_READ, file: null});
		});
		runAll(k);
		assert.equal(mm.vmas.length, 2);
		assert.equal(a.end - a.start, 64 * KiB);
	});

	test('mmap into the hole between two pieces of one anon_vma joins them and frees the upper one', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const big = mapVma(k, mm, 192 * KiB, rw);
		const [start, end] = [big.start, big.end];
		let hole = 0;
		spawn(k, 0, function* (task) {
			yield* userFault(k, task, mm, start, true);
			yield* doMunmap(k, task, mm, start + 64 * KiB, start + 128 * KiB);
			hole = yield* doMmap(k, task, mm, {size: 64 * KiB, flags: rw, file: null, hint: start + 64 * KiB});
		});
		const events = runAll(k);
		assert.equal(hole, start + 64 * KiB, 'the hint was free, so it was used');
		assert.equal(mm.vmas.length, 1);
		const [merged] = mm.vmas;
		assert.deepEqual([merged!.start, merged!.end], [start, end]);
		const absorbed = ofType(events, 'vma-free').map(e => e.vma);
		// munmap freed the middle piece; the merge freed the piece above the hole.
		assert.equal(absorbed.length, 2);
		assert.ok(!absorbed.includes(merged!.id));
		assert.equal(k.checker.violations, 0);
	});
});

describe('vma split', () => {
	test('while the piece below is linked and the VMA not yet shrunk, find_vma is right on both sides of the split', () => {
		// A lookup above the split point once found nothing: the piece below, sorted after the VMA, broke the search.
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const MiB = 1 << 20;
		const start = 0x7f00_0000_0000;
		const vma = linkVma(k, mm, start, start + 64 * MiB, rw, 0);
		const next = linkVma(k, mm, start + 128 * MiB, start + 130 * MiB, rw, 0);
		const below = linkVma(k, mm, start, start + 16 * MiB, rw, 0);
		assert.equal(mm.vmaAt(start + 8 * MiB), below);
		for (const at of [16, 40, 63]) assert.equal(mm.vmaAt(start + at * MiB), vma, `${at} MiB in`);
		assert.equal(mm.vmaAt(start + 100 * MiB), null);
		assert.equal(mm.findVma(start + 100 * MiB), next);
	});

	test('munmap of the middle of a VMA leaves two VMAs sharing its anon_vma, zapping only the middle', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 256 * KiB, rw);
		const [start, end] = [vma.start, vma.end];
		spawn(k, 0, function* (task) {
			for (let addr = start; addr < end; addr += 64 * KiB) yield* userFault(k, task, mm, addr, true);
			yield* doMunmap(k, task, mm, start + 64 * KiB, start + 192 * KiB);
		});
		const events = runAll(k);
		assert.deepEqual(mm.vmas.map(v => [v.start - start, v.end - start]), [[0, 64 * KiB], [192 * KiB, 256 * KiB]]);
		assert.equal(mm.vmas[0]!.anonVma, mm.vmas[1]!.anonVma);
		assert.notEqual(mm.vmas[0]!.anonVma, 0);
		assert.equal(vma.detached && vma.freed, true, 'the original VMA was the middle piece, unmapped');
		assert.deepEqual([start, start + 64 * KiB, start + 128 * KiB, start + 192 * KiB].map(a => present(mm, a)), [true, false, false, true]);
		assert.deepEqual(ofType(events, 'vma-alloc').filter(e => e.fn === 'vm_area_dup').length, 2);
		assert.deepEqual(ofType(events, 'vma-adjust').map(e => [e.fn, e.start - start, e.end - start]), [
			['__split_vma', 64 * KiB, 256 * KiB],
			['__split_vma', 64 * KiB, 192 * KiB],
		]);
		assert.equal(k.checker.violations, 0);
	});

	test('mprotect of part of a VMA splits it; only that part loses write', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 64 * KiB, rw);
		const start = vma.start;
		spawn(k, 0, function* (task) {
			yield* doMprotect(k, task, mm, start, start + 4 * KiB, VM_READ);
			yield* doMadviseDontneed(k, task, mm, start, start + 64 * KiB);
		});
		const events = runAll(k);
		assert.deepEqual(mm.vmas.map(v => [v.start - start, v.end - start, v.flags]), [[0, 4 * KiB, VM_READ], [4 * KiB, 64 * KiB, rw]]);
		assert.deepEqual(ofType(events, 'writer-begin').filter(e => e.op === 'madvise').length, 1, 'one madvise over both pieces');
		assert.equal(ofType(events, 'tlb-shootdown').length, 0, 'one CPU: no IPIs');
		assert.equal(k.checker.violations, 0);
	});
});

/**
 * A fault on a VMA while another thread's mmap merges into it: the fault starts `offset` ns
 * from the mmap, for every offset in a window around it, so some land inside the writer's section.
 */
function raceMerge(scheme: string): {reasons: Set<string>; outcomes: Set<string>; violations: number} {
	const reasons = new Set<string>();
	const outcomes = new Set<string>();
	let violations = 0;
	const mmapAt = 20_000;
	for (let offset = -1000; offset < 3000; offset += 25) {
		const k = makeKernel({cpus: 2, scheme});
		const mm = makeMm(k, [0, 1]);
		const vma = mapVma(k, mm, 64 * KiB, rw);
		spawn(k, 1, function* (task) {
			// anon_vma_prepare first: the speculative paths need it.
			yield* userFault(k, task, mm, vma.start, true);
			yield mmapAt + offset - k.now;
			yield* userFault(k, task, mm, vma.start + 8 * KiB, true);
		});
		spawn(k, 0, function* (task) {
			yield mmapAt;
			yield* doMmap(k, task, mm, {size: 64 * KiB, flags: rw, file: null});
		}, 0);
		const events = runAll(k);
		for (const e of ofType(events, 'spec-abort')) reasons.add(e.reason);
		for (const e of ofType(events, 'fault-end')) outcomes.add(`${e.outcome}`);
		violations += k.checker.violations;
		assert.equal(mm.vmas.length, 1, 'the mmap merged');
	}
	return {reasons, outcomes, violations};
}

describe('a speculative fault racing a merge', () => {
	test('spf-v12: vm_sequence moved under the fault, it aborts with vma_changed and retries under mmap_sem', () => {
		const {reasons, outcomes, violations} = raceMerge('spf-v12');
		assert.ok(reasons.has('vma_changed'), `aborts seen: ${[...reasons].join(', ')}`);
		assert.deepEqual([...outcomes], ['ok']);
		assert.equal(violations, 0);
	});

	test('per-vma: the VMA is write-locked by vma_expand, vma_start_read fails (VMA_LOCK_ABORT) and it falls back', () => {
		const {reasons, outcomes, violations} = raceMerge('per-vma');
		assert.ok(reasons.has('VMA_LOCK_ABORT'), `aborts seen: ${[...reasons].join(', ')}`);
		assert.deepEqual([...outcomes], ['ok']);
		assert.equal(violations, 0);
	});

	test('mmap-sem: the fault just waits for the writer', () => {
		const {reasons, violations} = raceMerge('mmap-sem');
		assert.deepEqual([...reasons], []);
		assert.equal(violations, 0);
	});
});
