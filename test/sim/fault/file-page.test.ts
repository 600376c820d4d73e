/**
 * Shared file pages (fault/file-page.ts): the page's own line, `file_update_time` on the
 * inode's line, and `mapping->i_pages` the first time a page is dirtied. Two processes
 * write-fault the same page of one MAP_SHARED file, one after the other.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {userFault} from '../../../source/sim/fault/user-fault.ts';
import {Mm} from '../../../source/sim/mm/mm.ts';
import {FileObject, VM_READ, VM_SHARED, VM_WRITE} from '../../../source/sim/mm/vma.ts';
import {handWorkedParams as p, lockRows, makeKernel, mapVma, runAll, spawn} from '../helpers.ts';

function twoWriters(secondAt: number) {
	const k = makeKernel({cpus: 2});
	const file = new FileObject(1, 'f');
	file.cached.add(0);
	const mms = [0, 1].map(id => {
		const mm = new Mm(k, id, `p${id}`, true);
		mm.cpus.push(id);
		return mm;
	});
	const vmas = mms.map(mm => mapVma(k, mm, 1 << 16, VM_READ | VM_WRITE | VM_SHARED, file));
	for (const cpu of [0, 1]) spawn(k, cpu, function* (task) {
		yield* userFault(k, task, mms[cpu]!, vmas[cpu]!.start, true);
	}, cpu === 0 ? 0 : secondAt);
	const rows = lockRows(runAll(k)).filter(r => /folio|inode|i_pages/.test(r[3])).map(r => [r[1], r[2], r[3], r[4], r[5]]);
	return {rows, file};
}

describe('shared file pages', () => {
	test('the first writer takes the page, sets the inode times and tags the page dirty; the second pulls both lines and finds it dirty', () => {
		const {rows, file} = twoWriters(50_000);
		assert.deepEqual(rows, [
			// do_shared_fault on CPU 0: filemap_fault's reference on a fresh line.
			[0, 'lock-acquire', 'folio._refcount@f', 'atomic', p.atomicOwnNs],
			// file_update_time: load (fresh line) + store of the new time (own line).
			[0, 'lock-acquire', 'inode.i_mtime@f', 'atomic', 2 * p.lineHitNs],
			// fault_dirty_shared_page → __folio_mark_dirty: the page was clean.
			[0, 'lock-acquire', 'mapping->i_pages@f', 'spin', p.atomicOwnNs],
			[0, 'lock-release', 'mapping->i_pages@f', 'spin', p.lineHitNs + p.lineHitNs],
			// CPU 1, same page through its own mapping: the page's line comes from CPU 0.
			[1, 'lock-acquire', 'folio._refcount@f', 'atomic', p.casSameSocketNs],
			// Same tick of the coarse clock: the inode is only read (a shared copy from CPU 0).
			[1, 'lock-acquire', 'inode.i_mtime@f', 'atomic', p.storeSameSocketNs],
			// Already dirty: no i_pages lock.
		]);
		assert.deepEqual([...file.dirty], [0]);
	});

	test('a writer in a later tick of the coarse clock writes the inode again', () => {
		const {rows} = twoWriters(p.coarseClockNs + 1000);
		const inode = rows.filter(r => r[2] === 'inode.i_mtime@f');
		// CPU 1: load from CPU 0 (50), then its store finds the line shared with CPU 0 (50 more).
		assert.deepEqual(inode.map(r => [r[0], r[4]]), [[0, 2 * p.lineHitNs], [1, 2 * p.storeSameSocketNs]]);
	});
});
