import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {MoveContext} from '../../source/ui/hooks/keymap.ts';
import {commandFor, keyHelp, keyHelpFor, keyNames, moveAction, replayKeyHelp} from '../../source/ui/hooks/keymap.ts';
import type {UiState} from '../../source/ui/hooks/ui-state.ts';
import {initialUiState, paneOrder, uiReducer} from '../../source/ui/hooks/ui-state.ts';

test('keyNames splits text delivered at once into keys, and names special keys', () => {
	assert.deepEqual(keyNames('mmu', {}), ['m', 'm', 'u']);
	assert.deepEqual(keyNames('ab\r', {}), ['a', 'b', 'return']);
	assert.deepEqual(keyNames('x\u007F', {}), ['x', 'backspace']);
	assert.deepEqual(keyNames('', {upArrow: true}), ['up']);
	assert.deepEqual(keyNames('', {tab: true, shift: true}), ['shift-tab']);
	assert.deepEqual(keyNames('', {escape: true}), ['escape']);
	assert.deepEqual(keyNames('c', {ctrl: true}), ['ctrl-c']);
	assert.deepEqual(keyNames('l', {ctrl: true}), []);
	assert.deepEqual(keyNames(' ', {}), [' ']);
});

test('every key the issue names has a command', () => {
	const state = initialUiState;
	const kinds = Object.fromEntries(['q', '?', ' ', '+', '-', 'tab', 'up', '/', 'm', 'u', 'p', 'f', 's', 'h', 'ctrl-c'].map(key => [key, commandFor(key, state).kind]));
	assert.deepEqual(kinds, {q: 'quit', '?': 'ui', ' ': 'pause', '+': 'speed', '-': 'speed', tab: 'ui', up: 'move', '/': 'ui', m: 'inject', u: 'inject', p: 'inject', f: 'inject', s: 'next-scheme', h: 'ui', 'ctrl-c': 'quit'});
	assert.deepEqual(commandFor('f', state), {kind: 'inject', injection: 'fault-storm'});
	assert.equal(commandFor('z', state).kind, 'none');
	// The help overlay lists every one of them.
	const listed = keyHelp.map(([keys]) => keys).join(' ');
	for (const key of ['q', 'Ctrl-C', '?', 'space', '+', '-', 'Tab', 'arrows', '/', 'Esc', 'm', 'u', 'p', 'f', 's', 'h']) assert.ok(listed.includes(key), key);
});

test('while a filter is typed, keys are text; Enter keeps it, Esc clears it, Ctrl-C still quits', () => {
	let state: UiState = uiReducer(initialUiState, {type: 'filter-start'});
	assert.equal(state.focus, 'log');
	for (const key of ['q', 'm', ' ', 'x']) {
		const command = commandFor(key, state);
		assert.equal(command.kind, 'ui');
		if (command.kind === 'ui') state = uiReducer(state, command.action);
	}

	assert.equal(state.filter, 'qm x');
	const erase = commandFor('backspace', state);
	if (erase.kind === 'ui') state = uiReducer(state, erase.action);
	assert.equal(state.filter, 'qm ');
	assert.equal(commandFor('ctrl-c', state).kind, 'quit');
	const keep = commandFor('return', state);
	if (keep.kind === 'ui') state = uiReducer(state, keep.action);
	assert.equal(state.editing, false);
	assert.equal(state.filter, 'qm ');
	const clear = commandFor('escape', state);
	if (clear.kind === 'ui') state = uiReducer(state, clear.action);
	assert.equal(state.filter, '');
});

test('the help overlay closes on any key but q, which quits', () => {
	const state = uiReducer(initialUiState, {type: 'help', open: true});
	assert.deepEqual(commandFor('x', state), {kind: 'ui', action: {type: 'help', open: false}});
	assert.deepEqual(commandFor('m', state), {kind: 'ui', action: {type: 'help', open: false}});
	assert.equal(commandFor('q', state).kind, 'quit');
});

test('Tab cycles every pane and comes back', () => {
	let state = initialUiState;
	const seen: string[] = [];
	for (let i = 0; i < paneOrder.length; i++) {
		state = uiReducer(state, {type: 'focus', delta: 1});
		seen.push(state.focus);
	}

	assert.deepEqual([...seen].sort(), [...paneOrder].sort());
	assert.equal(state.focus, initialUiState.focus);
	assert.equal(uiReducer(initialUiState, {type: 'focus', delta: -1}).focus, paneOrder[paneOrder.indexOf(initialUiState.focus) - 1]);
});

const context: MoveContext = {cpus: 256, cpusPerRow: 32, locks: ['mmap_sem', 'page_table_lock', 'ptl@a', 'ptl@b', 'ptl@c'], vmas: [{mm: 0, vma: 1}, {mm: 0, vma: 2}, {mm: 0, vma: 3}], page: 10, logTotal: 5000, logHeld: 2000};

test('arrows move the selection of the focused pane and stop at its ends', () => {
	const cpus = {...initialUiState, focus: 'cpus' as const, cpu: 40};
	assert.deepEqual(moveAction(cpus, 'down', context), {type: 'select-cpu', cpu: 72});
	assert.deepEqual(moveAction(cpus, 'left', context), {type: 'select-cpu', cpu: 39});
	assert.deepEqual(moveAction(cpus, 'end', context), {type: 'select-cpu', cpu: 255});
	assert.deepEqual(moveAction({...cpus, cpu: 0}, 'up', context), {type: 'select-cpu', cpu: 0});
	const vmas = {...initialUiState, focus: 'vmas' as const, vma: {mm: 0, vma: 2}};
	assert.deepEqual(moveAction(vmas, 'down', context), {type: 'select-vma', vma: {mm: 0, vma: 3}});
	assert.deepEqual(moveAction(vmas, 'home', context), {type: 'select-vma', vma: {mm: 0, vma: 1}});
	assert.deepEqual(moveAction({...vmas, vma: null}, 'down', context), {type: 'select-vma', vma: {mm: 0, vma: 1}});
	assert.deepEqual(moveAction({...initialUiState, focus: 'locks', lock: 4}, 'down', context), {type: 'select-lock', lock: 4, id: 'ptl@c'});
	// From the row the selected lock is drawn on, not the row the state last held: ptl@a
	// re-sorted to row 2 while the state still says row 0.
	assert.deepEqual(moveAction({...initialUiState, focus: 'locks', lock: 0, lockId: 'ptl@a'}, 'down', context), {type: 'select-lock', lock: 3, id: 'ptl@b'});
});

test('scrolling the log anchors a line, stops at the oldest held, and End follows again', () => {
	const log = {...initialUiState, focus: 'log' as const};
	assert.deepEqual(moveAction(log, 'up', context), {type: 'log-anchor', anchor: 4998});
	assert.deepEqual(moveAction({...log, logAnchor: 4000}, 'pageup', context), {type: 'log-anchor', anchor: 3990});
	// 3000 is the oldest event held; the window needs a page of lines above its bottom line.
	assert.deepEqual(moveAction({...log, logAnchor: 3005}, 'home', context), {type: 'log-anchor', anchor: 3009});
	assert.deepEqual(moveAction({...log, logAnchor: 4000}, 'end', context), {type: 'log-anchor', anchor: null});
	assert.deepEqual(moveAction({...log, logAnchor: 4998}, 'down', context), {type: 'log-anchor', anchor: null});
});

test('the seek keys work only in a replay: ] [ ±10%, g G start and end', () => {
	const state = initialUiState;
	assert.deepEqual(commandFor(']', state, true), {kind: 'seek', to: 'forward'});
	assert.deepEqual(commandFor('[', state, true), {kind: 'seek', to: 'back'});
	assert.deepEqual(commandFor('g', state, true), {kind: 'seek', to: 'start'});
	assert.deepEqual(commandFor('G', state, true), {kind: 'seek', to: 'end'});
	for (const key of [']', '[', 'g', 'G']) assert.deepEqual(commandFor(key, state), {kind: 'none'}, key);
	// Typed into the log filter they are text, and help closes on them.
	assert.equal(commandFor('g', {...state, editing: true}, true).kind, 'ui');
	assert.deepEqual(commandFor('G', {...state, help: true}, true), {kind: 'ui', action: {type: 'help', open: false}});
	// The help lists them in a replay only, and drops the keys a replay does not have.
	const replay = keyHelpFor(true).map(([keys]) => keys);
	for (const [keys] of replayKeyHelp) {
		assert.ok(replay.includes(keys), keys);
		assert.ok(!keyHelp.some(([live]) => live === keys), keys);
	}
	for (const key of ['m', 'u', 'p', 'f', 's']) assert.ok(!replay.includes(key), key);
	assert.equal(keyHelpFor(false), keyHelp);
});
