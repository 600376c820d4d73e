import assert from 'node:assert/strict';
import {test} from 'node:test';
import {lockClass} from '../../source/sim/events.ts';

test('lockClass strips the mm prefix, the address and VMA numbers', () => {
	assert.equal(lockClass('mm1:mmap_sem'), 'mmap_sem');
	assert.equal(lockClass('ptl@0x7f2a00000000'), 'ptl');
	assert.equal(lockClass('vma#12.refcnt'), 'vma.refcnt');
	assert.equal(lockClass('mm2:vma#7.vm_lock'), 'vma.vm_lock');
	// The allocator's: one zone and lruvec per node, one page_counter per memcg level.
	assert.equal(lockClass('node1:zone->lock'), 'zone->lock');
	assert.equal(lockClass('node0:lru_lock'), 'lru_lock');
	assert.equal(lockClass('memcg.page_counter@user.slice'), 'memcg.page_counter');
});

test('lockClass answers the same past its memo of recent ids', () => {
	// A long run meets far more VMA ids than the memo keeps; old ones must still classify.
	for (let id = 0; id < 10_000; id++) assert.equal(lockClass(`vma#${id}.vm_ref_count`), 'vma.vm_ref_count');
	assert.equal(lockClass('vma#3.vm_ref_count'), 'vma.vm_ref_count');
	assert.equal(lockClass('mm1:mmap_sem'), 'mmap_sem');
});
