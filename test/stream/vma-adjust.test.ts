// The dashboard's VMA table follows merges and splits (`vma-adjust`): a VMA's row takes its
// new range, a VMA a merge absorbed stops being live, and faults are counted on whichever
// VMA holds their address now.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimEvent, VmaAdjustEvent} from '../../source/sim/events.ts';
import {createSnapshotState, foldSnapshot, takeSnapshot} from '../../source/stream/index.ts';
import {faultEnd, vmaAlloc} from './make-events.ts';

const adjust = (t: number, vma: number, start: number, end: number, fn: string): VmaAdjustEvent => ({t, cpu: 0, fn, type: 'vma-adjust', mm: 1, vma, start, end});

function rows(events: SimEvent[], now: number) {
	const state = createSnapshotState({cpus: 2});
	foldSnapshot(state, events);
	return takeSnapshot(state, now).vmas.map(r => [r.vma, r.start, r.end, r.live, r.faults]);
}

test('a merge widens the target row and takes the absorbed VMA out of the live list', () => {
	const events = [vmaAlloc(1, 1, 0x1000, 0x3000), vmaAlloc(2, 2, 0x4000, 0x5000), adjust(10, 1, 0x1000, 0x5000, 'vma_expand'), faultEnd(20, 1, {addr: 0x4800})];
	assert.deepEqual(rows(events, 30), [[1, 0x1000, 0x5000, true, 1], [2, 0x4000, 0x5000, false, 0]]);
});

test('a split shrinks the row and the new piece takes the faults in its range', () => {
	const events = [vmaAlloc(1, 1, 0x1000, 0x5000), vmaAlloc(5, 2, 0x1000, 0x2000, {fn: 'vm_area_dup'}), adjust(5, 1, 0x2000, 0x5000, '__split_vma'), faultEnd(9, 1, {addr: 0x1800}), faultEnd(9, 1, {addr: 0x2800})];
	assert.deepEqual(rows(events, 10), [[2, 0x1000, 0x2000, true, 1], [1, 0x2000, 0x5000, true, 1]]);
});
