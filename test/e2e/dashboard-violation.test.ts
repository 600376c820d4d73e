// A race on the live dashboard in a real terminal (tmux): the header flags the run's first
// violation, `!` opens its interleaving diagram, a key closes it. mprotect-race under spf-v11
// without the sequence re-check violates at 38 µs of simulated time, 38 ms of wall time at
// the default 1 ms/s. Runs the bundle, as a user would; `npm test` builds it first.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {after, before, describe, test} from 'node:test';
import {Terminal, hasTmux} from './tmux.ts';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const terminals: Terminal[] = [];

function start(args: string, columns: number, rows: number): Terminal {
	const terminal = new Terminal(args, columns, rows);
	terminals.push(terminal);
	return terminal;
}

before(() => {
	if (!existsSync(cli)) spawnSync(process.execPath, [new URL('../../source/build.mjs', import.meta.url).pathname], {stdio: 'inherit'});
});

after(() => {
	for (const terminal of terminals) terminal.kill();
});

const diagramTitle = /^▶ Race {2}first violation · /m;

describe('a violation on the live dashboard', {concurrency: 1, skip: hasTmux ? false : 'tmux is not installed'}, () => {
	test('the header flags it, ! draws its interleaving (CPU columns, the violating step), a key closes it', async () => {
		// 160 columns: the diagram's two CPU columns fit without panning.
		const terminal = start('mprotect-race --scheme spf-v11 --break skip-seq-recheck', 160, 48);
		// A capture can fall between two writes of a frame: wait for the whole frame, footer too.
		const footer = /^ \? help {2}! race diagram {2}q quit/;
		const flagged = await terminal.waitFor(s => / ! RACE: pte-exceeds-vma on cpu0\+cpu1 · press ! /.test(s.split('\n')[0] ?? '') && s.includes('Events') && footer.test(s.split('\n')[46] ?? ''), 'the race flag and the footer offering !');
		assert.match(flagged.split('\n')[1]!, /violations [1-9]\d*$/);
		terminal.keys('!');
		const screen = await terminal.waitFor(s => diagramTitle.test(s), 'the diagram');
		const lines = screen.split('\n');
		const header = lines.findIndex(line => /^ +CPU 0 +CPU 1$/.test(line));
		assert.ok(header > 0, 'a column per CPU');
		assert.match(lines[header - 2]!, /^ pte-exceeds-vma at 0\.038 ms: PTE 0x7effffc86000 is writable but vma#1 is r-$/);
		assert.match(lines[header + 1]!, /^ +0\.019719 ms {2}do_mprotect_pkey: mprotect vma#1 0x7effffc00000-0x7f0000000000$/);
		// A fault on CPU 1, in the second column.
		assert.ok(lines.some(line => /^ +0\.036035 ms {60,}do_user_addr_fault: write fault at 0x7effffc86000$/.test(line)));
		assert.ok(lines.some(line => /^>> +0\.038303 ms {2}do_mprotect_pkey: pte-exceeds-vma$/.test(line)), 'the violating step marked');
		assert.ok(lines.includes(' CPU 0 in do_mprotect_pkey: PTE 0x7effffc86000 is writable but vma#1 is r- (with CPU 1).'));
		assert.ok(lines.every(line => line.length <= 160));
		// The run goes on underneath; the diagram stays the first violation's.
		await new Promise(resolve => setTimeout(resolve, 300));
		assert.ok(terminal.lines().some(line => /^>> +0\.038303 ms/.test(line)));
		terminal.keys('Escape');
		await terminal.waitFor(s => !diagramTitle.test(s) && s.includes('Events'), 'the panes again');
		terminal.keys('q');
		await terminal.waitFor(s => /^EXIT=0$/m.test(s), 'the exit');
	});

	test('before any violation, ! says there is none', async () => {
		const terminal = start('', 120, 40);
		await terminal.waitFor(s => /t \d+\.\d{3} ms · /.test(s) && s.includes('Events'), 'the first frames');
		terminal.keys('!');
		const screen = await terminal.waitFor(s => s.includes('!: no violation in this run so far'), 'the notice');
		assert.doesNotMatch(screen, diagramTitle);
		assert.doesNotMatch(screen, /RACE/);
		terminal.keys('q');
	});
});
