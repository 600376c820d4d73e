// The `!` overlay and the header's race flag: what a person sees of the run's first
// violation, fitted to the terminal, and the keys that open, scroll and close it.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {footerLine} from '../../source/ui/components/footer-line.ts';
import {headerLines, raceFlag} from '../../source/ui/components/header-lines.ts';
import {violationExtent, violationLines} from '../../source/ui/components/violation-lines.ts';
import {ViolationOverlay} from '../../source/ui/components/ViolationOverlay.tsx';
import {Dashboard} from '../../source/ui/index.ts';
import {commandFor, keyHelp, moveAction} from '../../source/ui/hooks/keymap.ts';
import type {MoveContext} from '../../source/ui/hooks/keymap.ts';
import {initialUiState, uiReducer} from '../../source/ui/hooks/ui-state.ts';
import {FirstViolation} from '../../source/ui/session/first-violation.ts';
import type {Frame} from '../../source/ui/index.ts';
import {plain, realFrame, widest} from './fixtures.ts';
import {renderAt} from './render-at.ts';
import {raceEvents} from './violation-fixture.ts';

const kept = new FirstViolation();
for (const batch of raceEvents().batches) kept.fold(batch);
const view = kept.view!;
const frame = realFrame(8);
const raced: Frame = {...frame, violation: view};
const top = {row: 0, column: 0};

test('the overlay draws the diagram whole where it fits: the CPU columns, every step, the marked one, the sentence', () => {
	const {lastFrame, unmount} = render(<ViolationOverlay view={view} width={160} height={40} scroll={top} />);
	const lines = plain(lastFrame() ?? '').split('\n');
	assert.match(lines[0]!, /^▶ Race {2}first violation · any other key closes · one column per CPU, time down$/);
	assert.match(lines[1]!, /^ pte-exceeds-vma at 0\.038 ms: PTE 0x7effffc86000 is writable but vma#1 is r-$/);
	assert.match(lines[3]!, /^ +CPU 0 +CPU 1$/);
	assert.ok(lines.some(line => /^ +0\.036035 ms {60,}do_user_addr_fault: write fault at 0x7effffc86000$/.test(line)), 'CPU 1 steps in the CPU 1 column');
	assert.ok(lines.some(line => /^>> +0\.038303 ms +do_mprotect_pkey: pte-exceeds-vma$/.test(line)));
	assert.ok(lines.includes(' CPU 0 in do_mprotect_pkey: PTE 0x7effffc86000 is writable but vma#1 is r- (with CPU 1).'));
	// Every step of the diagram, none cut.
	assert.equal(lines.filter(line => / ms {2}/.test(line)).length, view.table.length - 1);
	assert.ok(widest(lines) <= 160);
	unmount();
});

test('narrower and shorter than the diagram: lines cut to the width, the CPU columns pan, the rest scrolls with a line saying how much', () => {
	const extent = violationExtent(view, 80, 12);
	assert.ok(extent.columns > 0 && extent.rows > 0, JSON.stringify(extent));
	const first = violationLines(view, 80, 12, top).map(plain);
	assert.equal(first.length, 12);
	assert.ok(widest(first) <= 80);
	assert.match(first[0]!, /^▶ Race {2}first violation · ↑↓ PgUp PgDn scroll · ←→ pan · any other key closes/);
	assert.match(first.at(-1)!, new RegExp(`^ … ${extent.rows} more lines \\(↓ PgDn\\)$`));
	// The time column stays; panned, the CPU 1 column comes into view.
	const panned = violationLines(view, 80, 12, {row: 0, column: extent.columns}).map(plain);
	assert.ok(widest(panned) <= 80);
	assert.ok(panned.some(line => /^ +0\.036035 ms  …* *do_user_addr_fault: write fault at 0x7effffc86000$/.test(line)), panned.join('\n'));
	const end = violationLines(view, 80, 12, {row: extent.rows, column: 0}).map(plain);
	assert.match(end.at(-1)!, new RegExp(`^ end of the diagram · ${extent.rows} above \\(↑ PgUp\\)$`));
	assert.ok(end.some(line => line.startsWith(' CPU 0 in do_mprotect_pkey:')));
	// Beyond the end it holds at the end.
	assert.deepEqual(violationLines(view, 80, 12, {row: 999, column: 999}).map(plain).at(-1), end.at(-1));
	assert.deepEqual(violationLines(null, 80, 12, top).map(plain).slice(1), [' No violation in this run so far.']);
});

test('recorded as it runs, the overlay says spf-top explain draws the race again from the file', () => {
	const recorded = violationLines(view, 160, 40, top, 'run.ndjson').map(plain);
	assert.equal(recorded.at(-2), ' spf-top explain run.ndjson draws it again from the recording.');
	assert.equal(recorded.length, violationLines(view, 160, 40, top).length + 1);
	assert.equal(recorded.at(-1), ' A live run traces no find_vma, set_pte_at or free_pgtables steps: spf-top explain of the same scenario, scheme and seed draws them.');
});

test('the header flags the race with its kind, CPUs and key, within the width; the footer and the help list !', () => {
	const [one] = headerLines(raced, 156).map(plain);
	assert.match(one!, /^ ! RACE: pte-exceeds-vma on cpu0\+cpu1 · press ! {2}spf-top · mmap-sem/);
	const paused = headerLines({...raced, paused: true, recording: {file: 'run.ndjson', bytes: 1000, stopped: false}}, 76).map(plain);
	assert.match(paused[0]!, /^ PAUSED {3}! RACE · press ! {2}REC/);
	for (const width of [76, 116, 196]) assert.ok(widest(headerLines(raced, width)) <= width, String(width));
	assert.equal(raceFlag(view, 30), ' ! ');
	assert.doesNotMatch(plain(headerLines(frame, 156)[0]), /RACE/);
	assert.match(plain(footerLine(initialUiState, raced, 120)), /^ \? help {2}! race diagram {2}q quit/);
	assert.doesNotMatch(plain(footerLine(initialUiState, frame, 120)), /race/);
	assert.match(plain(footerLine({...initialUiState, violation: true}, raced, 120)), /scroll .*pan .*any other key close .*q quit/);
	assert.ok(keyHelp.some(([keys, what]) => keys === '!' && /first violation/.test(what)));
});

test('keys: ! asks for the diagram; in it the arrows scroll within its extent, q quits, any other key closes it', () => {
	assert.deepEqual(commandFor('!', initialUiState), {kind: 'violation'});
	const open = uiReducer(initialUiState, {type: 'violation', open: true});
	assert.deepEqual(commandFor('q', open), {kind: 'quit'});
	assert.deepEqual(commandFor('j', open), {kind: 'move', key: 'down'});
	assert.deepEqual(commandFor('m', open), {kind: 'ui', action: {type: 'violation', open: false}});
	const context: MoveContext = {cpus: 8, cpusPerRow: 1, locks: [], vmas: [], page: 5, logTotal: 0, logHeld: 0, violation: {rows: 6, columns: 30, page: 10, pan: 20}};
	assert.deepEqual(moveAction(open, 'down', context), {type: 'violation-scroll', to: {row: 1, column: 0}});
	assert.deepEqual(moveAction(open, 'pagedown', context), {type: 'violation-scroll', to: {row: 6, column: 0}});
	assert.deepEqual(moveAction(open, 'right', context), {type: 'violation-scroll', to: {row: 0, column: 20}});
	assert.deepEqual(moveAction({...open, violationScroll: {row: 6, column: 20}}, 'right', context), {type: 'violation-scroll', to: {row: 6, column: 30}});
	assert.deepEqual(moveAction({...open, violationScroll: {row: 6, column: 30}}, 'home', context), {type: 'violation-scroll', to: {row: 0, column: 0}});
	// Closing and opening again starts at the top.
	assert.deepEqual(uiReducer({...open, violationScroll: {row: 3, column: 8}}, {type: 'violation', open: true}).violationScroll, top);
});

/** A session stand-in serving one frame, recording the commands. */
function fakeSession(shown: Frame) {
	const calls: string[] = [];
	const record = (name: string) => () => calls.push(name);
	return {
		calls,
		subscribe: () => () => {},
		getFrame: () => shown,
		togglePause: record('pause'),
		changeSpeed: record('speed'),
		nextScheme: record('next-scheme'),
		setLogFilter: record('filter'),
		inject: record('inject'),
		noViolation: record('no-violation'),
	};
}

test('on the dashboard: ! before a violation asks the session to say so; after one it opens the overlay, and a key closes it', async () => {
	const none = fakeSession(frame);
	const plainView = renderAt(<Dashboard session={none} />, 120, 40);
	await plainView.ready();
	await plainView.press('!');
	assert.deepEqual(none.calls, ['no-violation']);
	assert.doesNotMatch(plain(plainView.frame()), /▶ Race/);
	plainView.unmount();

	const session = fakeSession(raced);
	const dashboard = renderAt(<Dashboard session={session} />, 120, 40);
	await dashboard.ready();
	await dashboard.press('!');
	const screen = plain(dashboard.frame()).split('\n');
	assert.match(screen[2]!, /^▶ Race {2}first violation/);
	assert.ok(screen.some(line => /^>> +0\.038303 ms +do_mprotect_pkey: pte-exceeds-vma$/.test(line)));
	assert.ok(screen.length <= 39 && widest(screen) <= 120);
	await dashboard.press('x');
	assert.doesNotMatch(plain(dashboard.frame()), /▶ Race/);
	assert.deepEqual(session.calls, []);
	dashboard.unmount();
});

test('at every size from 80×24 up, the open overlay, scrolled and panned, is at most rows-1 lines and never wider than the terminal', async () => {
	for (const [columns, rows] of [[80, 24], [100, 30], [160, 50], [240, 70]] as const) {
		const dashboard = renderAt(<Dashboard session={fakeSession(raced)} />, columns, rows);
		await dashboard.ready();
		await dashboard.press('!');
		for (const key of ['', '\u001B[B', '\u001B[6~', '\u001B[C', '\u001B[C', '\u001B[F']) {
			if (key !== '') await dashboard.press(key);
			const screen = plain(dashboard.frame()).split('\n');
			const where = `${columns}×${rows} after ${JSON.stringify(key)}`;
			assert.match(screen[2]!, /^▶ Race {2}first violation/, where);
			assert.ok(screen.length <= rows - 1, `${where}: ${screen.length} rows`);
			assert.ok(widest(screen) <= columns, where);
			// At 80×24 the diagram is taller than the overlay: PgDn scrolled it.
			if (columns === 80 && key === '\u001B[6~') assert.ok(screen.some(line => /^ .* · \d+ above \(↑ PgUp\)$/.test(line)), screen.join('\n'));
		}

		dashboard.unmount();
	}
});
