// What the panes say about deferred frees, processes, the log's history and a recording.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimEvent} from '../../source/sim/events.ts';
import {headerLines} from '../../source/ui/components/header-lines.ts';
import {logLine, logLines} from '../../source/ui/components/log-lines.ts';
import {vmaLines} from '../../source/ui/components/vma-lines.ts';
import {LogView} from '../../source/ui/session/log-view.ts';
import {plain, realFrame, snapshotOf} from './fixtures.ts';

const alloc = (t: number, mm: number, vma: number): SimEvent => ({type: 'vma-alloc', t, cpu: 0, fn: 'vm_area_alloc', mm, vma, start: 0x7f00_0000_0000, end: 0x7f00_0010_0000, flags: 'rw-p anon'});

test('a VMA waiting for its grace period is freeing, with the time since the unmap, between live and freed ones', () => {
	const events: SimEvent[] = [
		alloc(0, 0, 1),
		{...alloc(0, 0, 2), start: 0x7f00_0100_0000, end: 0x7f00_0110_0000} as SimEvent,
		{type: 'writer-begin', t: 1000, cpu: 0, fn: '__do_munmap', op: 'munmap', mm: 0, vma: 2, start: 0, end: 0},
		{type: 'writer-end', t: 2000, cpu: 0, fn: '__do_munmap', op: 'munmap', mm: 0, vma: 2, flags: '', latencyNs: 1000},
	];
	const snapshot = snapshotOf(events, 2, 1_202_000);
	const lines = vmaLines({rows: snapshot.vmas, selected: {mm: 0, vma: 1}, width: 70, height: 6, focused: false, nowNs: snapshot.timeNs}).map(plain);
	assert.match(lines[0]!, /VMAs {2}1 live, 1 freeing, 0 freed/);
	assert.match(lines[2]!, /#1 .* live$/);
	assert.match(lines[3]!, /#2 .* freeing 1\.2ms$/);
});

test('with several processes the VMA list and the log name each one’s mm', () => {
	const snapshot = snapshotOf([alloc(0, 0, 1), alloc(0, 1, 1), alloc(0, 2, 1)]);
	assert.deepEqual(snapshot.mms, [0, 1, 2]);
	// Narrow: START goes before MM does.
	const lines = vmaLines({rows: snapshot.vmas, selected: null, width: 46, height: 6, focused: false, multiProcess: true}).map(plain);
	assert.match(lines[1]!, /^ +MM +VMA SIZE/);
	assert.deepEqual(lines.slice(2).map(line => /mm\d/.exec(line)?.[0]), ['mm0', 'mm1', 'mm2']);
	const fault: SimEvent = {type: 'lock-acquire', t: 5, cpu: 3, fn: 'down_read', lock: 'mmap_sem', mode: 'read', waitNs: 0};
	assert.equal(plain(logLine(alloc(1000, 1, 4), 60, true)), '  0.001000 cpu0   mm1   vma-alloc     vm_area_alloc vma#4 7…');
	assert.match(plain(logLine(fault, 60, true)), /^ {2}0\.000005 cpu3 {3}- {5}lock-acquire/);
	assert.equal(plain(logLine(alloc(1000, 1, 4), 60)), '  0.001000 cpu0   vma-alloc     vm_area_alloc vma#4 7f00000…');
});

test('a new filter searches the retained history, not only what the pane held, and says how many it searched', () => {
	const view = new LogView(3, 100);
	const events: SimEvent[] = Array.from({length: 60}, (_, i) => alloc(i, i % 3, i));
	view.fold(events);
	// The pane's own ring held the last three; the filter finds all twenty of mm1's.
	view.setFilter('mm:1', events.slice(-3));
	const window = view.window([], 60);
	assert.deepEqual([window.total, window.searched, window.events.length], [20, 60, 3]);
	const title = plain(logLines({log: window, anchor: null, width: 90, height: 5, focused: false, paused: false, editing: false, filterDraft: ''})[0]!);
	assert.match(title, /filter "mm:1" · 20 matched of 60/);
});

test('scrolled back, the window stays on what it held and counts what came since', () => {
	const events: SimEvent[] = Array.from({length: 10}, (_, i) => alloc(i, 0, i));
	const frozen = {events, total: 10, filter: ''};
	const lines = logLines({log: frozen, anchor: 7, newest: 5010, width: 120, height: 4, focused: true, paused: false, editing: false, filterDraft: ''}).map(plain);
	assert.match(lines[0]!, /10 events · 5002 newer · End follows/);
	assert.deepEqual(lines.slice(1).map(line => / vma#(\d+)/.exec(line)?.[1]), ['5', '6', '7']);
	// An anchor older than what is held shows the oldest page, not a blank pane.
	const old = logLines({log: {events: events.slice(5), total: 10, filter: ''}, anchor: 1, width: 120, height: 4, focused: true, paused: false, editing: false, filterDraft: ''}).map(plain);
	assert.deepEqual(old.slice(1).map(line => / vma#(\d+)/.exec(line)?.[1]), ['5', '6', '7']);
});

test('the header shows REC with the file and its size while recording, and says when it stopped', () => {
	const frame = realFrame(8, 500_000);
	const [one] = headerLines({...frame, recording: {file: '/tmp/x/run.ndjson', bytes: 1_234_567, stopped: false}}, 116).map(plain);
	assert.match(one!, /^REC ● run\.ndjson {2}1\.2 MB spf-top · mmap-sem/);
	const [paused] = headerLines({...frame, paused: true, recording: {file: 'run.ndjson.gz', bytes: 999, stopped: true}}, 116).map(plain);
	assert.match(paused!, /^ PAUSED  REC stopped run\.ndjson\.gz {2}999 B spf-top/);
	assert.doesNotMatch(headerLines(frame, 116).map(plain)[0]!, /REC/);
});
