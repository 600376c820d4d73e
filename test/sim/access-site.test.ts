import assert from 'node:assert/strict';
import {test} from 'node:test';
import {accessSite} from '../../source/sim/access-site.ts';
import {Engine} from '../../source/sim/engine.ts';

test('a site is the name without its instance: VMA, PTE table, process', () => {
	assert.equal(accessSite('vma#12.vm_sequence'), 'vma.vm_sequence');
	assert.equal(accessSite('ptl@0x7f0000200000'), 'ptl');
	assert.equal(accessSite('mm3:mmap_sem'), 'mmap_sem');
	assert.equal(accessSite('folio@libc.so:12'), 'folio');
	// A NUMA node's zone lock is a site of its own: the node is not an instance of a code path.
	assert.equal(accessSite('node1:zone->lock'), 'node1:zone->lock');
});

test('the engine numbers sites as first seen, one number per site', () => {
	const engine = new Engine(2);
	assert.equal(engine.site('vma#1.vm_sequence'), 0);
	assert.equal(engine.site('ptl@0x1000'), 1);
	assert.equal(engine.site('vma#2.vm_sequence'), 0);
	assert.deepEqual(engine.siteNames, ['vma.vm_sequence', 'ptl']);
});
