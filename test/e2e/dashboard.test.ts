// The live dashboard in a real terminal (tmux): what a person sees and can do. Runs the
// bundle, as a user would; `npm test` builds it first.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {after, before, describe, test} from 'node:test';
import {Terminal, hasTmux} from './tmux.ts';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const terminals: Terminal[] = [];

function start(args = '', columns = 120, rows = 40, env = ''): Terminal {
	const terminal = new Terminal(args, columns, rows, env);
	terminals.push(terminal);
	return terminal;
}

/** Simulated time has passed and there are rates to show. */
const running = (screen: string) => /t \d+\.\d{3} ms · .* · faults [\d.]+[kM]?\/s/.test(screen) && screen.includes('Events');

/** The event log's lines: the right-hand pane below its title. */
function logLines(screen: string): string[] {
	const lines = screen.split('\n');
	const title = lines.findIndex(line => /Events {2}/.test(line));
	if (title === -1) return [];
	const column = lines[title]!.search(/[▶ ] Events/);
	return lines.slice(title + 1, -2).map(line => line.slice(column));
}

/** The VMA list's row for VMA `id` (the VMA list is left of the event log). */
function vmaRow(screen: string, id: number): string | undefined {
	const lines = screen.split('\n');
	const column = lines.find(line => /Events {2}/.test(line))?.search(/[▶ ] Events/) ?? -1;
	return lines.find(line => new RegExp(`^[▶ ] +#${id} `).test(line))?.slice(0, column === -1 ? undefined : column).trimEnd();
}

before(() => {
	if (!existsSync(cli)) spawnSync(process.execPath, [new URL('../../source/build.mjs', import.meta.url).pathname], {stdio: 'inherit'});
});

after(() => {
	for (const terminal of terminals) terminal.kill();
});

describe('the live dashboard in a terminal', {concurrency: 1, skip: hasTmux ? false : 'tmux is not installed'}, () => {
	test('at 120×40: CPU panes, the lock heatmap, the VMA list and the event log', async () => {
		const terminal = start();
		const screen = await terminal.waitFor(running, 'the first frames');
		const lines = screen.split('\n');
		assert.match(lines[0]!, /spf-top · mmap-sem: classic: mmap_sem held for read across the fault · default · seed 1 · 8 CPUs/);
		assert.match(lines[1]!, /faults [\d.]+[kM]?\/s · speculative \d+% · aborts/);
		assert.match(screen, /CPUs {2}8 · one pane each/);
		assert.match(screen, /cpu7 +(fault|user|spin|sleep|mmap|munmap|mprotect|madvise)/);
		assert.match(screen, /Locks {2}locks × CPUs/);
		assert.match(screen, /^mmap_sem +[·░▒▓█]/m);
		assert.match(screen, /·0 ░<1µs ▒<10µs ▓<100µs █≥100µs/);
		// At 120 columns the summary's title gives way to what it hides; the table is there.
		assert.match(screen, /Summary {2}(\d+ more rows · )?(hidden: [a-z, ]+|per lock class)/);
		assert.match(screen, /│ lock +│ wait +│/);
		assert.match(screen, /VMAs {2}\d+ live/);
		assert.match(screen, /\d+\.\d{6} cpu\d +\S+ +\S+/);
		assert.match(lines[38]!, /q quit {2}space pause/);
		assert.equal(lines[39], '', 'the frame is one row shorter than the terminal');
		terminal.keys('q');
	});

	// The flows below run at 160 columns, where log lines are wide enough to read whole.
	test('m maps a VMA: the injection is in the log and the new VMA in the list', async () => {
		const terminal = start('', 160, 48);
		await terminal.waitFor(running, 'the first frames');
		// Only injections in the log: they stay in view however fast events come.
		terminal.type('/type:inject');
		terminal.keys('Enter', 'm');
		const screen = await terminal.waitFor(s => logLines(s).some(line => /inject +inject mmap 8M anon private mm0/.test(line)) && /^[▶ ] +#\d+ +[\da-f]+ +8M anon p rw- /m.test(s), 'the mmap in the log and the list');
		assert.match(screen, /injected mmap 8M anon private mm0 at \d+\.\d{3} ms/);
		terminal.keys('q');
	});

	test('u on a selected VMA unmaps it: munmap and free in the log, freed in the list', async () => {
		const terminal = start('', 160, 48);
		await terminal.waitFor(running, 'the first frames');
		// The VMA list has the focus and the oldest live VMA (the heap) selected: filter the log
		// on it; unmap it. (Home would pick thread 0's short-lived scratch mapping.)
		const selected = await terminal.waitFor(s => /^▶ +#\d+ /m.test(s), 'a selection');
		const id = Number(/^▶ +#(\d+) /m.exec(selected)![1]);
		terminal.type(`/vma:${id}`);
		terminal.keys('Enter', 'u');
		const screen = await terminal.waitFor(s => {
			const log = logLines(s).join('\n');
			return log.includes(`inject munmap vma#${id} mm0`) && new RegExp(`writer-begin +__do_munmap munmap vma#${id} `).test(log) && new RegExp(`vma-free +vm_area_free vma#${id} freed`).test(log) && s.includes(`vma#${id} was unmapped · selected vma#`);
		}, `the munmap and free of vma#${id}`);
		// Freed VMAs are folded into one row; the selection moved on to a live VMA.
		assert.equal(vmaRow(screen, id), undefined);
		assert.match(screen, /^▶ +#\d+ .* live( |$)/m);
		terminal.keys('q');
	});

	test('p mprotects and f storms the selected VMA', async () => {
		const terminal = start('', 160, 48);
		await terminal.waitFor(running, 'the first frames');
		// The heap, vma#1, is the last live VMA by address: End, then up past the freed ones is
		// not needed, as End selects the last row; walk up to #1 instead.
		const listed = await terminal.waitFor(s => /^[▶ ] +#1 .*64M anon p/m.test(s), 'the heap in the list');
		const rows = listed.split('\n').filter(line => /^[▶ ] +#\d+ /.test(line));
		const heap = rows.findIndex(line => / #1 /.test(line));
		const at = Math.max(0, rows.findIndex(line => line.startsWith('▶')));
		if (heap !== at) terminal.keys(...Array.from({length: Math.abs(at - heap)}, () => (heap < at ? 'Up' : 'Down')));
		await terminal.waitFor(s => /^▶ +#1 /m.test(s), 'the heap selected');
		// The heap's own events, but not the scenario's steady madvise on it.
		terminal.type('/vma:1 -madvise');
		terminal.keys('Enter', 'p');
		await terminal.waitFor(s => logLines(s).some(line => /inject mprotect vma#1 mm0 \(toggle write\)/.test(line)) && logLines(s).some(line => /writer-begin +do_mprotect_pkey mprotect vma#1 /.test(line)), 'the mprotect');
		// NaN while a frame is half drawn (tmux caught it mid-write): the wait reads the next one.
		const faults = (screen: string) => Number(/ (\d+) +\S+$/.exec(vmaRow(screen, 1) ?? '')?.[1] ?? Number.NaN);
		const before = faults(await terminal.waitFor(s => !Number.isNaN(faults(s)), 'the heap row'));
		terminal.keys('f');
		const screen = await terminal.waitFor(s => logLines(s).some(line => /inject fault-storm vma#1 mm0 for 2\.0ms/.test(line)), 'the storm');
		assert.match(screen, /injected fault-storm vma#1 mm0 for 2\.0ms/);
		// Every CPU faults across the heap: its fault count climbs.
		await terminal.waitFor(s => faults(s) > before + 100, 'faults on the heap');
		terminal.keys('q');
	});

	test('space freezes the display and the log; ? shows every key; q exits 0 and gives the screen back', async () => {
		const terminal = start();
		await terminal.waitFor(running, 'the first frames');
		terminal.keys('Space');
		// The whole paused frame, footer included (a capture can land between Ink's writes).
		const paused = await terminal.waitFor(s => s.includes('PAUSED') && running(s) && / q quit {2}space /.test(s), 'PAUSED');
		// Events simulated before the key may still be on their way to the screen on a loaded
		// machine: wait until two looks 300 ms apart agree (never, if pause did not stop it).
		let first = logLines(paused);
		await terminal.waitFor(s => {
			const now = logLines(s);
			const settled = JSON.stringify(now) === JSON.stringify(first);
			first = now;
			return settled;
		}, 'the paused log to settle', undefined, 300);
		// Held still: a second later the log is the same (a negative check, so a fixed wait).
		await new Promise(resolve => setTimeout(resolve, 1000));
		assert.deepEqual(logLines(terminal.screen()), first);
		assert.match(paused.split('\n')[0]!, /‖ +PAUSED +spf-top/);
		terminal.keys('?');
		const help = await terminal.waitFor(s => s.includes('Help  every key'), 'the help');
		for (const key of ['q, F10, Ctrl-C', '?, F1', 'Ctrl-Z', 'space', '+  -', 'Tab', '/', 'm ', 'u ', 'p ', 'f ', 's ', 'h ']) assert.ok(help.includes(` ${key}`), key);
		terminal.keys('x');
		await terminal.waitFor(s => !s.includes('Help  every key'), 'the help closed');
		terminal.keys('q');
		const shell = await terminal.waitFor(s => s.includes('EXIT='), 'the exit');
		assert.match(shell, /^EXIT=0$/m);
		assert.doesNotMatch(shell, /spf-top|CPUs|Events/);
	});

	test('at 80×24 every pane fits; at 40×12 it says the terminal is too small', async () => {
		const terminal = start('', 80, 24);
		// A capture can land between Ink's writes: wait for a whole frame, footer included.
		const screen = await terminal.waitFor(s => running(s) && /^ \? help {2}q quit {2}space pause/.test(s.split('\n')[22] ?? ''), 'a whole first frame');
		const lines = screen.split('\n');
		assert.match(lines[0]!, /spf-top · mmap-sem/);
		assert.match(lines[1]!, /^ {4}t \d+\.\d{3} ms/);
		assert.match(screen, /CPUs {2}8 · one line each/);
		assert.match(lines[22]!, /^ \? help {2}q quit {2}space pause/);
		assert.equal(lines[23], '');
		terminal.resize(40, 12);
		const small = await terminal.waitFor(s => s.includes('terminal too small'), 'the too-small screen');
		assert.match(small, /^terminal too small: need 80×24\nthis one is 40×12\n/);
		terminal.resize(80, 24);
		await terminal.waitFor(s => /CPUs {2}8 · one line each/.test(s), 'the dashboard again');
		terminal.keys('q');
	});

	test('started at 40×12 it shows the too-small screen, and q still quits', async () => {
		const terminal = start('', 40, 12);
		await terminal.waitFor(s => s.startsWith('terminal too small: need 80×24'), 'the too-small screen');
		terminal.keys('q');
		await terminal.waitFor(s => /^EXIT=0$/m.test(s), 'the exit');
	});

	test('NO_COLOR=1 leaves no colour codes; without it there are', async () => {
		const plain = start('', 120, 40, 'NO_COLOR=1');
		const coloured = start();
		await plain.waitFor(running, 'the first frames');
		await coloured.waitFor(running, 'the first frames');
		const sgr = /\u001B\[[\d;]*m/g;
		assert.equal(plain.screen(true).match(sgr)?.length ?? 0, 0);
		assert.ok((coloured.screen(true).match(sgr)?.length ?? 0) > 50);
		plain.keys('q');
		coloured.keys('q');
	});

	test('256 CPUs: a compact grid, and keys still answer', async () => {
		const terminal = start('--cpus 256');
		await terminal.waitFor(s => s.includes('CPUs  256 · grid'), 'the grid');
		const started = Date.now();
		terminal.keys('?');
		await terminal.waitFor(s => s.includes('Help  every key'), 'the help');
		// Generous: tmux, a shared CI machine; the dashboard itself answers in tens of ms.
		assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
		terminal.keys('q');
	});
});

test('without a terminal it points to --headless and exits 2', () => {
	const r = spawnSync(process.execPath, [cli], {encoding: 'utf8', env: {...process.env, CI: ''}});
	assert.equal(r.status, 2);
	assert.equal(r.stdout, '');
	assert.match(r.stderr, /^spf-top: the live dashboard needs a terminal \(stdin and stdout are not a terminal\); run with --headless for a summary\n$/);
});
