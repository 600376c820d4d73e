// The panes' pure line builders: every line fits its pane, and says what it should.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimEvent} from '../../source/sim/events.ts';
import {cpuView} from '../../source/ui/components/cpu-layout.ts';
import {abortsText, cpuLines, describeActivity} from '../../source/ui/components/cpu-lines.ts';
import {footerLine} from '../../source/ui/components/footer-line.ts';
import {headerLines} from '../../source/ui/components/header-lines.ts';
import {heatGeometry, heatmapLines, shadeLevel} from '../../source/ui/components/heatmap-lines.ts';
import {helpLines, tooSmallLines} from '../../source/ui/components/help-lines.ts';
import {logLine, logLines} from '../../source/ui/components/log-lines.ts';
import {summaryTable, tableWidth} from '../../source/ui/components/summary-rows.ts';
import {splitFlags, vmaLines} from '../../source/ui/components/vma-lines.ts';
import {initialUiState} from '../../source/ui/hooks/ui-state.ts';
import {stillFrame} from '../../source/ui/index.ts';
import {plain, realFrame, snapshotOf, widest} from './fixtures.ts';

const frames = {8: realFrame(8), 64: realFrame(64), 256: realFrame(256, 500_000)};

test('CPU lines fit their pane in every view, and say each CPU\'s state in words', () => {
	for (const [cpus, frame] of Object.entries(frames)) {
		for (const [width, height] of [[80, 11], [120, 27], [200, 40]] as const) {
			const view = cpuView(Number(cpus), width, height, 5);
			const lines = cpuLines({cpus: frame.snapshot.cpus, view, width, focused: true, selected: 5, windowNs: 250_000});
			assert.ok(lines.length <= view.height, `${cpus} CPUs ${width}×${height}: ${lines.length} lines for ${view.height}`);
			assert.ok(widest(lines) <= width, `${cpus} CPUs ${width}×${height}: a line is ${widest(lines)} wide`);
		}
	}

	const panes = cpuLines({cpus: frames[8].snapshot.cpus, view: cpuView(8, 120, 27), width: 120, focused: false, selected: 0, windowNs: 250_000}).map(plain);
	assert.match(panes[0]!, /CPUs {2}8 · one pane each/);
	assert.match(panes[1]!, /cpu0 +(fault|user|spin|sleep|mmap|munmap|mprotect|madvise) /);
	assert.match(panes[2]!, /flt\/s wait \d+%/);
	assert.match(panes[3]!, /p50 [\d.]+[nµm]s {2}p99 /);
	assert.match(panes[4]!, /spec \d+% aborts /);
	const lines = cpuLines({cpus: frames[8].snapshot.cpus, view: cpuView(8, 80, 11), width: 80, focused: true, selected: 3, windowNs: 250_000}).map(plain);
	assert.match(lines[1]!, /CPU STATE +FLT\/S SPEC/);
	assert.match(lines[0]!, /hidden: P50 · ▁▄█ flt\/s per 250µs, █ [\d.]+[kM]? *$/);
	assert.match(lines[5]!, /^ +>3 /);
	const grid = cpuLines({cpus: frames[256].snapshot.cpus, view: cpuView(256, 120, 27, 37), width: 120, focused: true, selected: 37, windowNs: 250_000}).map(plain);
	assert.equal(grid.length, 11);
	assert.match(grid[1]!, /^ {3}0 [fusw·z]/);
	assert.match(grid[8]!, /^ 224 /);
	assert.match(grid[9]!, /f fault {2}s spin {2}z sleep/);
	assert.match(grid[10]!, /^cpu37 /);
});

test('a CPU state has a letter, words and a colour for every activity', () => {
	assert.deepEqual(describeActivity({state: 'spin', lock: 'ptl@0x1000', fn: 'pte_map_lock'}).words, 'spin ptl@0x1000');
	assert.deepEqual(describeActivity({state: 'sleep', lock: 'mmap_sem', fn: 'down_read'}).letter, 'z');
	assert.deepEqual(describeActivity({state: 'syscall', op: 'munmap', fn: 'zap_page_range'}).words, 'munmap zap_page_range');
	assert.equal(abortsText({vma_changed: 3, access: 5}), 'access 5 vma_changed 3');
	assert.equal(abortsText({}), '0');
});

test('the heatmap shades each lock by CPU (grouped when they do not fit) or by time, with a legend', () => {
	const {locks} = frames[64].snapshot;
	assert.ok(locks.length > 0);
	for (const axis of ['cpu', 'time'] as const) {
		for (const width of [60, 67, 120]) {
			const lines = heatmapLines({locks, cpus: 64, axis, width, height: 11, focused: false, selected: 0, windowNs: 250_000});
			assert.ok(widest(lines) <= width, `${axis} ${width}: ${widest(lines)}`);
			assert.ok(lines.length <= 11);
		}
	}

	assert.deepEqual(heatGeometry(locks, 64, 67), {labelWidth: 18, cellWidth: 1, group: 2, cells: 32});
	assert.deepEqual(heatGeometry(locks, 8, 67), {labelWidth: 18, cellWidth: 4, group: 1, cells: 8});
	const lines = heatmapLines({locks, cpus: 64, axis: 'cpu', width: 67, height: 11, focused: true, selected: 0, windowNs: 250_000}).map(plain);
	assert.match(lines[1]!, /^CPU ×2 +0 +8 +16/);
	assert.match(lines[2]!, /^>mmap_sem +[░▒▓█·]+ +[\d.]+[nµm]s$/);
	assert.match(lines.at(-1)!, /^·0 ░<1µs ▒<10µs ▓<100µs █≥100µs mmap_sem: wait [\d.]+[nµm]s(,|$)/);
	assert.deepEqual([0, 1, 999, 1000, 9999, 10_000, 99_999, 100_000, 5e6].map(ns => shadeLevel(ns)), [0, 1, 1, 2, 2, 3, 3, 4, 4]);
	const time = heatmapLines({locks, cpus: 64, axis: 'time', width: 67, height: 11, focused: false, selected: 0, windowNs: 250_000}).map(plain);
	assert.match(time[0]!, /locks × time/);
	assert.match(time[1]!, /^window +-\d+ +now +wait$/);
	assert.match(time.at(-1)!, /wait per window, all CPUs/);
	assert.deepEqual(heatmapLines({locks: [], cpus: 2, axis: 'cpu', width: 60, height: 5, focused: false, selected: 0, windowNs: 1000}).map(plain)[1], ' no lock was waited for in the last window');
});

const vmaEvents: SimEvent[] = [
	{type: 'vma-alloc', t: 0, cpu: -1, fn: 'vm_area_alloc', mm: 0, vma: 1, start: 0x7f00_0000_0000, end: 0x7f00_0080_0000, flags: 'rw-p anon'},
	{type: 'vma-alloc', t: 0, cpu: -1, fn: 'vm_area_alloc', mm: 0, vma: 2, start: 0x7f00_0100_0000, end: 0x7f00_0110_0000, flags: 'r-xs file'},
	{type: 'writer-begin', t: 10, cpu: 0, fn: 'do_mprotect_pkey', op: 'mprotect', mm: 0, vma: 1, start: 0, end: 0},
	{type: 'writer-end', t: 20, cpu: 0, fn: 'do_mprotect_pkey', op: 'mprotect', mm: 0, vma: 1, flags: 'r--p anon', latencyNs: 10},
	{type: 'fault-start', t: 30, cpu: 1, fn: 'do_user_addr_fault', mm: 0, addr: 0x7f00_0000_1000, write: true},
	{type: 'writer-begin', t: 40, cpu: 0, fn: '__do_munmap', op: 'munmap', mm: 0, vma: 2, start: 0, end: 0},
	{type: 'vma-free', t: 50, cpu: 0, fn: 'vm_area_free', mm: 0, vma: 2, deferredBy: 'rcu', deferredNs: 5},
];

test('the VMA list shows range, kind, protection, sequence, references and faults, and keeps the selection in view', () => {
	const {vmas} = snapshotOf(vmaEvents);
	const lines = vmaLines({rows: vmas, selected: {mm: 0, vma: 2}, width: 63, height: 8, focused: true, showFreed: true}).map(plain);
	assert.match(lines[0]!, /VMAs {2}1 live, 1 freed/);
	assert.equal(lines[1], '   VMA        START SIZE KIND   PROT SEQ REFS FAULTS STATE');
	// Mapped rw-, then mprotect'ed to r--: the list shows the protection the writer left.
	assert.equal(lines[2], '    #1 7f0000000000   8M anon p r--    2    1      0 live');
	assert.equal(lines[3], '▶   #2 7f0001000000   1M file s r-x    0    0      0 freed/rcu');
	assert.deepEqual(splitFlags('rw-s file'), {prot: 'rw-', kind: 'file s'});
	// Narrow: the least needed columns go; the selection stays in a short window.
	const narrow = vmaLines({rows: vmas, selected: {mm: 0, vma: 2}, width: 42, height: 3, focused: false, showFreed: true}).map(plain);
	assert.equal(narrow.length, 3);
	assert.ok(widest(narrow) <= 42);
	assert.equal(narrow[1], '   VMA SIZE KIND   PROT FAULTS STATE');
	assert.match(narrow[2]!, /▶ +#2 /);
});

test('log lines read like ftrace: time, CPU, event, kernel function, detail', () => {
	const events = frames[8].snapshot.log;
	for (const width of [30, 41, 59, 100]) assert.ok(widest(events.map(event => logLine(event, width))) <= width, String(width));
	const inject: SimEvent = {type: 'inject', t: 1_800_000, cpu: 0, fn: 'inject', injection: {kind: 'mmap', mm: 0, size: 8 << 20, file: false, shared: false}};
	assert.equal(plain(logLine(inject, 100)), '  1.800000 cpu0   inject        inject mmap 8M anon private mm0');
	assert.equal(plain(logLine(vmaEvents[6]!, 100)), '  0.000050 cpu0   vma-free      vm_area_free vma#2 deferred by rcu 5ns');
	const window = {events: [inject, ...vmaEvents], total: 108, filter: 'vma'};
	const lines = logLines({log: window, anchor: 104, width: 70, height: 4, focused: true, paused: false, editing: false, filterDraft: ''}).map(plain);
	assert.match(lines[0]!, /Events {2}filter "vma" · 108 matched · 3 newer · End follows/);
	// 108 entries, 8 held (100..107): anchor 104 ends the window at the fifth held event; it
	// is selected, and wider than the pane, so the last row shows it from its start again.
	assert.deepEqual(lines.slice(1, 3).map(line => line.split(/ +/)[3]), ['writer-begin', 'writer-end']);
	assert.match(lines[3]!, /^ {2}0\.000020 cpu0 {3}writer-end {4}do_mprotect_pkey mprotect vma#1 took …$/);
	const editing = logLines({log: window, anchor: null, width: 70, height: 6, focused: true, paused: true, editing: true, filterDraft: 'vma'}).map(plain);
	assert.equal(editing.length, 6);
	assert.match(editing.at(-1)!, /^\/vma█ {2}Enter keeps · Esc clears/);
	assert.match(editing[0]!, /paused/);
});

test('the header names scheme, scenario, seed, time and speed; PAUSED, a slow simulator and violations show', () => {
	const frame = frames[8];
	const [one, two] = headerLines(frame, 116).map(plain) as [string, string];
	assert.match(one, /^spf-top · mmap-sem: classic: mmap_sem held for read across the fault · default · seed 1 · 8 CPUs$/);
	assert.match(two, /^t 2\.000 ms · 1 ms\/s · faults [\d.]+[kM]?\/s · speculative 0% · aborts 0\/s · violations 0$/);
	const slow = headerLines({...frame, paused: true, speed: {target: 1e6, achieved: 1.5e5}, notice: 'injected mmap 8M anon private mm0 at 1.000 ms'}, 116).map(plain);
	assert.match(slow[0]!, /^ PAUSED  spf-top · mmap-sem · injected mmap 8M/);
	assert.match(slow[1]!, /1 ms\/s \(reaching 150 µs\/s\)/);
	for (const width of [76, 116, 196]) assert.ok(widest(headerLines(frame, width)) <= width);
});

test('the footer lists the keys that matter in the focused pane, as many as fit', () => {
	const frame = frames[8];
	assert.equal(plain(footerLine({...initialUiState, focus: 'vmas'}, frame, 200)), ' ? help  q quit  space pause  ↑↓ select VMA  u munmap  p mprotect  f storm  Tab next pane  m mmap  +/- speed  s next scheme  h heatmap axis');
	assert.match(plain(footerLine({...initialUiState, focus: 'locks'}, {...frame, paused: true}, 200)), /space resume {2}↑↓ select lock {2}h heatmap by time/);
	// At 80 columns the way to every key is still there: `? help` comes first.
	for (const focus of ['cpus', 'locks', 'summary', 'vmas', 'log'] as const) assert.match(plain(footerLine({...initialUiState, focus}, frame, 80)), /^ \? help {2}q quit/);
	assert.match(plain(footerLine({...initialUiState, editing: true}, frame, 200)), /type filter the log {2}Enter keep {2}Esc clear/);
	assert.equal(plain(footerLine(initialUiState, {...frame, canInject: false}, 200)).includes('mmap'), false);
	assert.ok(plain(footerLine(initialUiState, frame, 40)).length <= 40);
});

test('the summary table drops columns and rows to fit its pane', () => {
	const frame = frames[8];
	const full = summaryTable(frame, 'locks', 120, 20);
	assert.deepEqual(full.columns, ['lock', 'wait', 'cpu time', 'acquired', 'contended']);
	assert.equal(full.rows[0]!['lock'], 'mmap_sem');
	const narrow = summaryTable(frame, 'locks', 52, 8);
	assert.ok(tableWidth(narrow.columns, narrow.rows) <= 52);
	assert.equal(narrow.rows.length, 2);
	assert.equal(narrow.hidden, full.rows.length - 2);
	const schemes = summaryTable(stillFrame(frame.snapshot, {...frame, schemeTotals: [...frame.schemeTotals, {scheme: 'spf-v12', run: 1, summary: frame.summary}], run: 1}), 'schemes', 120, 20);
	assert.deepEqual(schemes.rows.map(row => row['scheme']), [' mmap-sem', '▶spf-v12']);
});

test('help lists every key; the too-small screen says what size is needed', () => {
	const help = helpLines(120, 30).map(plain);
	assert.ok(help.some(line => line.includes('mprotect the selected VMA (toggle write)')));
	assert.ok(widest(helpLines(80, 20)) <= 80);
	assert.ok(helpLines(80, 5).length <= 5);
	assert.deepEqual(tooSmallLines(40, 12, {columns: 80, rows: 24}), ['terminal too small: need 80×24', 'this one is 40×12', 'enlarge it, or q to quit']);
	assert.ok(widest(tooSmallLines(20, 3, {columns: 80, rows: 24})) <= 20);
	assert.equal(tooSmallLines(20, 3, {columns: 80, rows: 24}).length, 2);
});

test('a replay: the header says REPLAY with position / duration and the end; the footer and help list the seek keys', () => {
	const frame = stillFrame(frames[8].snapshot, {canInject: false, canSwitchScheme: false, replay: {file: '/tmp/x/run.ndjson', positionNs: 4_000_000, durationNs: 20_000_000, seekingTo: null, ended: false}});
	assert.match(plain(headerLines(frame, 200)[0]), /^spf-top · REPLAY run\.ndjson · 4\.000 ms \/ 20\.000 ms · mmap-sem: classic/);
	const ended = {...frame, replay: {...frame.replay!, positionNs: 20_000_000, ended: true}};
	assert.match(plain(headerLines(ended, 200)[0]), /REPLAY run\.ndjson · 20\.000 ms \/ 20\.000 ms · END of recording · mmap-sem/);
	const seeking = {...frame, replay: {...frame.replay!, seekingTo: 8_000_000}};
	assert.match(plain(headerLines(seeking, 200)[0]), /4\.000 ms \/ 20\.000 ms · seeking to 8\.000 ms/);
	const footer = plain(footerLine({...initialUiState, focus: 'vmas'}, frame, 200));
	assert.equal(footer, ' ? help  q quit  space pause  ↑↓ select VMA  Tab next pane  ]/[ seek ±10%  g/G start/end  +/- speed  h heatmap axis');
	assert.equal(plain(footerLine(initialUiState, stillFrame(frames[8].snapshot), 200)).includes('seek'), false);
	const help = helpLines(200, 40, true).map(plain).join('\n');
	assert.match(help, /\]  \[ +seek forward \/ back by 10% of the recording/);
	assert.match(help, /g  G +seek to the start \/ the end/);
	assert.doesNotMatch(help, /^ m +mmap/m);
	assert.doesNotMatch(helpLines(200, 40).map(plain).join('\n'), /seek/);
});
