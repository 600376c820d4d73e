// Selections stick to their object: a lock by id when the heatmap re-sorts, a VMA by id;
// when the object goes, the selection moves to a live neighbour and a note says so.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {LockHeat, VmaRow} from '../../source/stream/index.ts';
import {defaultVma, followLock, followVma, lockRow} from '../../source/ui/hooks/follow-selection.ts';
import type {UiAction, UiState} from '../../source/ui/hooks/ui-state.ts';
import {initialUiState, uiReducer} from '../../source/ui/hooks/ui-state.ts';

const lock = (id: string): LockHeat => ({id, lockClass: id, waitNs: 0, acquisitions: 0, contended: 0, waitNsByCpu: [], waitNsHistory: []});
const vma = (id: number, start: number, state: 'live' | 'freeing' | 'freed' = 'live', mm = 0): VmaRow => ({
	mm, vma: id, start, end: start + 0x1000, flags: 'rw-p anon', faults: 0, inFlight: 0, writer: null, writes: 0,
	live: state === 'live', unmappedAtNs: state === 'live' ? null : 10, freedAtNs: state === 'freed' ? 20 : null, deferredBy: state === 'freed' ? 'rcu' : null,
});

/** Applies what follow* answers until it answers nothing (as the dashboard's effect does). */
function settle(ui: UiState, next: (ui: UiState) => UiAction | null): UiState {
	for (let i = 0; i < 5; i++) {
		const action = next(ui);
		if (action === null) return ui;
		ui = uiReducer(ui, action);
	}

	throw new Error('the selection never settles');
}

const noMmap = {injectedVma: {vma: null, count: 0}};

test('a selected lock keeps its id when rows re-sort, and moves to its row’s new lock when it leaves', () => {
	let ui = settle({...initialUiState, lock: 1}, state => followLock([lock('a'), lock('b'), lock('c')], state));
	assert.equal(ui.lockId, 'b');
	// b is now the hottest: the selection goes with it.
	ui = settle(ui, state => followLock([lock('b'), lock('a'), lock('c')], state));
	assert.deepEqual([ui.lock, ui.lockId, ui.note], [0, 'b', null]);
	assert.equal(lockRow([lock('c'), lock('b')], ui), 1);
	// b leaves the hottest: the lock now in its row is selected, and the footer says so.
	ui = settle(ui, state => followLock([lock('c'), lock('a')], state));
	assert.deepEqual([ui.lock, ui.lockId], [0, 'c']);
	assert.equal(ui.note, 'b left the hottest 2 · selected c');
	// A key selects the lock drawn in its row, at once.
	ui = uiReducer(ui, {type: 'select-lock', lock: 1, id: 'a'});
	assert.deepEqual([ui.lock, ui.lockId, ui.note], [1, 'a', null]);
	ui = settle(ui, state => followLock([lock('c'), lock('a')], state));
	assert.deepEqual([ui.lock, ui.lockId, ui.note], [1, 'a', null]);
});

test('the first VMA selected is the oldest live one, never a freed or short-lived one', () => {
	const rows = [vma(7, 0x1000), vma(2, 0x5000), vma(1, 0x9000), vma(5, 0x1000, 'freed')];
	assert.equal(defaultVma(rows)!.vma, 1);
	const ui = settle(initialUiState, state => followVma(noMmap, rows, state));
	assert.deepEqual(ui.vma, {mm: 0, vma: 1});
	assert.equal(ui.note, null);
});

test('a selected VMA that is unmapped gives way to its live neighbour by address, with a note', () => {
	let ui = settle({...initialUiState, vma: {mm: 0, vma: 2}}, state => followVma(noMmap, [vma(7, 0x1000), vma(2, 0x5000), vma(1, 0x9000)], state));
	assert.deepEqual(ui.vmaSeen, {start: 0x5000, live: true});
	// #2 waits for a grace period: still listed, but not live, so the selection moves on.
	ui = settle(ui, state => followVma(noMmap, [vma(7, 0x1000), vma(1, 0x9000), vma(2, 0x5000, 'freeing')], state));
	assert.deepEqual(ui.vma, {mm: 0, vma: 1});
	assert.equal(ui.note, 'vma#2 was unmapped · selected vma#1');
	// The last by address goes: the one before it.
	ui = settle(ui, state => followVma(noMmap, [vma(7, 0x1000)], state));
	assert.deepEqual(ui.vma, {mm: 0, vma: 7});
});

test('a freed VMA chosen with a key stays selected until it leaves the list', () => {
	const rows = [vma(1, 0x9000), vma(5, 0x1000, 'freed')];
	let ui = uiReducer(initialUiState, {type: 'select-vma', vma: {mm: 0, vma: 5}});
	ui = settle(ui, state => followVma(noMmap, rows, state));
	assert.deepEqual(ui.vma, {mm: 0, vma: 5});
	assert.equal(ui.note, null);
	// Folded away (`e`): back to a live one.
	ui = settle(ui, state => followVma(noMmap, [rows[0]!], state));
	assert.deepEqual(ui.vma, {mm: 0, vma: 1});
	assert.equal(ui.note, 'vma#5 left the list · selected vma#1');
});

test('after m, the VMA the injection allocated is selected once it is listed', () => {
	const rows = [vma(1, 0x9000), vma(9, 0x2000)];
	let ui = settle(initialUiState, state => followVma(noMmap, rows, state));
	ui = uiReducer(ui, {type: 'await-mmap', after: 0});
	// Not allocated yet: the selection stays.
	ui = settle(ui, state => followVma(noMmap, rows, state));
	assert.deepEqual(ui.vma, {mm: 0, vma: 1});
	ui = settle(ui, state => followVma({injectedVma: {vma: {mm: 0, vma: 9}, count: 1}}, rows, state));
	assert.deepEqual(ui.vma, {mm: 0, vma: 9});
	assert.equal(ui.awaitMmap, null);
	// A later key moves freely; the same injection does not pull it back.
	ui = uiReducer(ui, {type: 'select-vma', vma: {mm: 0, vma: 1}});
	ui = settle(ui, state => followVma({injectedVma: {vma: {mm: 0, vma: 9}, count: 1}}, rows, state));
	assert.deepEqual(ui.vma, {mm: 0, vma: 1});
});
