// htop's keys beside ours (F1, F10, j/k, Ctrl-Z), `? help` kept at 80 columns, and a help
// overlay that wraps its lines and pages when taller than the terminal.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {helpLines, helpPages, wrap} from '../../source/ui/components/help-lines.ts';
import {commandFor, functionKeyName, keyNames, moveAction} from '../../source/ui/hooks/keymap.ts';
import type {MoveContext} from '../../source/ui/hooks/keymap.ts';
import {initialUiState, uiReducer} from '../../source/ui/hooks/ui-state.ts';
import {plain, widest} from './fixtures.ts';

test('F1 opens the help, F10 quits, Ctrl-Z suspends, j and k move like the arrows', () => {
	assert.equal(functionKeyName('\u001BOP'), 'f1');
	assert.equal(functionKeyName('\u001B[11~'), 'f1');
	assert.equal(functionKeyName('\u001B[21~'), 'f10');
	assert.equal(functionKeyName('\u001B[A'), null);
	assert.deepEqual(commandFor('f1', initialUiState), {kind: 'ui', action: {type: 'help', open: true}});
	assert.deepEqual(commandFor('f10', initialUiState), {kind: 'quit'});
	assert.deepEqual(commandFor('f10', {...initialUiState, editing: true}), {kind: 'quit'});
	assert.deepEqual(keyNames('z', {ctrl: true}), ['ctrl-z']);
	assert.deepEqual(keyNames('\u001A', {}), ['ctrl-z']);
	assert.deepEqual(commandFor('ctrl-z', initialUiState), {kind: 'suspend'});
	assert.deepEqual(commandFor('j', initialUiState), {kind: 'move', key: 'down'});
	assert.deepEqual(commandFor('k', initialUiState), {kind: 'move', key: 'up'});
	// Typed into a filter they are letters.
	assert.deepEqual(commandFor('j', {...initialUiState, editing: true}), {kind: 'ui', action: {type: 'filter-type', text: 'j'}});
});

test('help lines wrap to the width instead of being cut', () => {
	assert.deepEqual(wrap('one two three four', 9), ['one two', 'three', 'four']);
	const lines = helpLines(80, 200).map(plain);
	assert.ok(widest(lines) <= 80);
	assert.equal(lines.filter(line => line.endsWith('…')).length, 0);
	assert.ok(lines.some(line => /^ +\(End follows again\)$/.test(line)), 'a wrapped line continues under the words');
});

test('a help taller than the screen pages: keys page it, the last line says how', () => {
	const pages = helpPages(80, 20);
	assert.ok(pages >= 2);
	const first = helpLines(80, 20, false, 0).map(plain);
	assert.equal(first.length, 20);
	assert.match(first[0]!, /Help {2}every key · page 1 of \d/);
	assert.match(first.at(-1)!, /PgDn next page/);
	const last = helpLines(80, 20, false, pages - 1).map(plain);
	assert.match(last.at(-1)!, /last page/);
	assert.equal(helpPages(200, 60), 1);
	// In the help, the arrows and PgDn page it; another key closes it.
	const help = uiReducer(initialUiState, {type: 'help', open: true});
	assert.deepEqual(commandFor('pagedown', help), {kind: 'move', key: 'pagedown'});
	assert.deepEqual(commandFor('x', help), {kind: 'ui', action: {type: 'help', open: false}});
	const context: MoveContext = {cpus: 8, cpusPerRow: 1, locks: [], vmas: [], page: 5, logTotal: 0, logHeld: 0, helpPages: pages};
	assert.deepEqual(moveAction(help, 'pagedown', context), {type: 'help-page', page: 1});
	assert.deepEqual(moveAction({...help, helpPage: pages - 1}, 'pagedown', context), {type: 'help-page', page: pages - 1});
	assert.equal(uiReducer({...help, helpPage: 1}, {type: 'help', open: false}).helpPage, 0);
});
