import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimEvent} from '../../source/sim/events.ts';
import {parseLogFilter} from '../../source/ui/session/log-filter.ts';
import {LogView} from '../../source/ui/session/log-view.ts';

const events: SimEvent[] = [
	{type: 'lock-acquire', t: 1, cpu: 0, fn: 'lock_mm_and_find_vma', lock: 'mmap_sem', mode: 'read', waitNs: 10},
	{type: 'spec-abort', t: 2, cpu: 1, fn: 'pte_map_lock', addr: 0x1000, reason: 'vma_changed'},
	{type: 'inject', t: 3, cpu: 0, fn: 'inject', injection: {kind: 'munmap', mm: 0, vma: 12}},
	{type: 'writer-begin', t: 4, cpu: 0, fn: '__do_munmap', op: 'munmap', mm: 0, vma: 12, start: 0, end: 0},
	{type: 'vma-free', t: 5, cpu: 2, fn: 'vm_area_free', mm: 1, vma: 120, deferredBy: 'rcu', deferredNs: 7},
	{type: 'rcu-gp', t: 6, cpu: -1, fn: 'rcu_gp_kthread', flavour: 'rcu', gpNs: 3, callbacks: 1},
];

const matching = (text: string) => events.filter(parseLogFilter(text)!).map(event => event.t);

test('an empty filter is no filter', () => {
	assert.equal(parseLogFilter(''), null);
	assert.equal(parseLogFilter('   '), null);
	assert.equal(parseLogFilter(' - '), null);
});

test('filter terms: text, cpu, type, mm, vma, alternatives and negation, all of them at once', () => {
	assert.deepEqual(matching('mmap_sem'), [1]);
	assert.deepEqual(matching('VMA_CHANGED'), [2]);
	assert.deepEqual(matching('vma#12'), [3, 4, 5]);
	assert.deepEqual(matching('vma:12'), [3, 4]);
	assert.deepEqual(matching('cpu:0'), [1, 3, 4]);
	assert.deepEqual(matching('cpu1'), [2]);
	assert.deepEqual(matching('cpu:1,2'), [2, 5]);
	assert.deepEqual(matching('type:writer,vma'), [4, 5]);
	assert.deepEqual(matching('mm:1'), [5]);
	assert.deepEqual(matching('cpu:0 -lock'), [3, 4]);
	assert.deepEqual(matching('!type:lock !type:rcu'), [2, 3, 4, 5]);
	assert.deepEqual(matching('inject,rcu_gp'), [3, 6]);
});

test('a filtered log keeps its own ring of matches; clearing the filter shows the snapshot ring again', () => {
	const view = new LogView(2);
	assert.deepEqual(view.window(events, 100), {events, total: 100, filter: ''});
	view.setFilter(' cpu:0 ', events.slice(0, 3));
	assert.equal(view.filter, 'cpu:0');
	assert.deepEqual(view.window([], 0).events.map(event => event.t), [1, 3]);
	view.fold(events.slice(3));
	assert.deepEqual(view.window([], 0), {events: [events[2], events[3]], total: 3, filter: 'cpu:0', searched: events.length});
	view.setFilter('', []);
	assert.equal(view.window(events, 7).events, events);
});
