// The dashboard in a real terminal (tmux), as a new user meets it: the first keys act on a
// live VMA, selections stay on their object, the log holds still while scrolled back, and a
// recording shows in the header. Runs the bundle (`npm test` builds it first).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {Terminal, hasTmux} from './tmux.ts';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const terminals: Terminal[] = [];
const dir = mkdtempSync(join(tmpdir(), 'spf-dash-'));

function start(args = '', columns = 120, rows = 40): Terminal {
	const terminal = new Terminal(args, columns, rows, 'NODE_ENV=production');
	terminals.push(terminal);
	return terminal;
}

/** Simulated time has passed and the panes are drawn, footer included. */
const running = (screen: string) => /t \d+\.\d{3} ms · /.test(screen) && screen.includes('Events') && / q quit {2}/.test(screen);

/** The VMA list's rows (left of the event log), `▶` on the selected one. */
function vmaRows(screen: string): string[] {
	const lines = screen.split('\n');
	const column = lines.find(line => /Events {2}/.test(line))?.search(/[▶ ] Events/) ?? -1;
	return lines.filter(line => /^[▶ ] +#\d+ /.test(line)).map(line => line.slice(0, column === -1 ? undefined : column).trimEnd());
}

const selectedRow = (screen: string) => vmaRows(screen).find(line => line.startsWith('▶'));

/** The event log's title and lines (the right-hand pane below its title). */
function logPane(screen: string): {title: string; lines: string[]} {
	const lines = screen.split('\n');
	const at = lines.findIndex(line => /Events {2}/.test(line));
	const column = lines[at]?.search(/[▶ ] Events/) ?? 0;
	return {title: lines[at]?.slice(column) ?? '', lines: lines.slice(at + 1, -2).map(line => line.slice(column))};
}

before(() => {
	if (!existsSync(cli)) spawnSync(process.execPath, [new URL('../../source/build.mjs', import.meta.url).pathname], {stdio: 'inherit'});
});

after(() => {
	for (const terminal of terminals) terminal.kill();
	rmSync(dir, {recursive: true, force: true});
});

describe('the dashboard’s selections, log and recording marker in a terminal', {concurrency: 1, skip: hasTmux ? false : 'tmux is not installed'}, () => {
	test('default: live VMAs first, freed ones folded, the first keys act on a live VMA; m selects the new one', async () => {
		const terminal = start();
		// Wait until thread 0's scratch mapping has come and gone at least once.
		const screen = await terminal.waitFor(s => running(s) && /^ +\d+ freed \(e lists them\)/m.test(s), 'a frame with freed VMAs');
		const rows = vmaRows(screen);
		assert.ok(rows.length > 0 && rows.every(row => / live$|…$|freeing/.test(row)), rows.join('\n'));
		assert.match(selectedRow(screen)!, /^▶ +#1 .* 64M anon p rw- .* live$/);
		// p right after start acts on the selected live VMA, not on a freed one.
		terminal.keys('p');
		const notice = await terminal.waitFor(s => /injected mprotect vma#1 mm0/.test(s) || /already unmapped/.test(s), 'the mprotect notice');
		assert.doesNotMatch(notice, /already unmapped/);
		// m: the VMA it maps becomes the selection: an 8M one, or a larger anonymous VMA when the
		// mapping lands next to one and vma_merge extends it, as in the kernel.
		terminal.keys('m');
		const isNew = (row: string) => / (8M|…?\d+M) anon p rw- /.test(row) && !/^▶ +#1 /.test(row);
		const mapped = await terminal.waitFor(s => isNew(selectedRow(s) ?? ''), 'the new VMA selected');
		assert.match(selectedRow(mapped)!, /^▶ +#\d+ +[\da-f]+ +…?\d+M anon p rw- .* live$/);
		// e lists the freed VMAs, after the live ones.
		terminal.keys('e');
		const listed = await terminal.waitFor(s => vmaRows(s).some(row => / freed$/.test(row)), 'freed VMAs listed');
		const states = vmaRows(listed).map(row => (/ live$|…$/.test(row) ? 'live' : 'gone'));
		assert.equal(states.indexOf('gone') > 0 ? states.slice(states.indexOf('gone')).includes('live') : false, false, vmaRows(listed).join('\n'));
		terminal.keys('q');
	});

	test('u on the selected VMA: the selection moves to its live neighbour and the footer says so', async () => {
		const terminal = start();
		await terminal.waitFor(s => running(s) && /^▶ +#1 /m.test(s), 'the heap selected');
		terminal.keys('u');
		const screen = await terminal.waitFor(s => /vma#1 was unmapped · selected vma#\d+/.test(s), 'the footer note');
		const moved = Number(/vma#1 was unmapped · selected vma#(\d+)/.exec(screen)![1]);
		assert.match(selectedRow(screen)!, new RegExp(`^▶ +#${moved} .* live$`));
		assert.ok(!vmaRows(screen).some(row => /^. +#1 /.test(row) && / live$/.test(row)), 'the heap is not listed live');
		terminal.keys('q');
	});

	test('a selected lock row keeps its lock as the heatmap re-sorts', async () => {
		const terminal = start();
		await terminal.waitFor(running, 'the first frames');
		// VMAs → Events → CPUs → Locks; the third-hottest lock (a PTL, whose rank changes often).
		// A selected row starts with '>'; the CPU pane's is '>cpuN', seen on the way past it.
		const selectedLock = (screen: string) => /^>(?!cpu\d)(\S+)/m.exec(screen)?.[1];
		terminal.keys('Tab', 'Tab', 'Tab');
		let id = selectedLock(await terminal.waitFor(s => selectedLock(s) !== undefined, 'the hottest lock selected'))!;
		// One key at a time, each seen on screen: a loaded machine may read them in several goes.
		for (const step of ['the second-hottest lock', 'the third-hottest lock']) {
			const before = id;
			terminal.keys('Down');
			id = selectedLock(await terminal.waitFor(s => ![undefined, before].includes(selectedLock(s)), step))!;
		}
		// Whenever the selection is seen on another lock without a key, the footer says which
		// lock left and names the one now selected (whole: the heatmap's label may be cut,
		// 'ptl@0x7efffd2000…'). A frame drawn between the move and its note may come first.
		const escaped = (label: string) => label.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/…$/, '\\S*');
		for (let i = 0; i < 20; i++) {
			await new Promise(resolve => setTimeout(resolve, 100));
			const now = selectedLock(terminal.screen());
			if (now === undefined || now === id) continue;
			await terminal.waitFor(s => new RegExp(`\\S+ left the hottest \\d+ · selected ${escaped(selectedLock(s) ?? now)}`).test(s), `the footer naming the move away from ${id}`);
			break;
		}

		terminal.keys('q');
	});

	test('scrolled back, the log holds still with "N newer · End follows"; End follows again; / says how many matched', async () => {
		const terminal = start();
		await terminal.waitFor(running, 'the first frames');
		terminal.keys('Tab');
		await terminal.waitFor(s => /▶ Events/.test(s), 'the log focused');
		// Three lines back, one key at a time, each seen on screen (a loaded machine may read
		// keys in several goes, and a late Up would move the window the test holds).
		const frozen = (s: string) => / \d+ newer · End follows/.test(logPane(s).title);
		const bottom = (s: string) => logPane(s).lines.filter(line => /^ +\d+\.\d{6} /.test(line)).at(-1);
		terminal.keys('Up');
		let held = await terminal.waitFor(frozen, 'the frozen log');
		for (const step of ['two lines back', 'three lines back']) {
			const last = bottom(held);
			terminal.keys('Up');
			held = await terminal.waitFor(s => frozen(s) && ![undefined, last].includes(bottom(s)), step);
		}
		// A key read late on a loaded machine moves the window once more: let it land, then hold.
		await new Promise(resolve => setTimeout(resolve, 1000));
		held = await terminal.waitFor(frozen, 'the held log');
		const newer = (screen: string) => Number(/ (\d+) newer/.exec(logPane(screen).title)?.[1] ?? -1);
		const later = await terminal.waitFor(s => newer(s) > newer(held) + 100, 'newer events counted');
		// Not blank, and the same lines as before: new events do not move it. The window is held
		// by its newest line; the pane may have changed height as the totals gained a lock class,
		// so compare the lines both show, counted from the bottom.
		const lines = logPane(held).lines.filter(line => /^ +\d+\.\d{6} /.test(line));
		const laterLines = logPane(later).lines.filter(line => /^ +\d+\.\d{6} /.test(line));
		assert.ok(lines.length > 5, logPane(held).lines.join('\n'));
		const shown = Math.min(lines.length, laterLines.length);
		assert.ok(shown > 5, logPane(later).lines.join('\n'));
		assert.deepEqual(laterLines.slice(-shown), lines.slice(-shown));
		terminal.keys('End');
		await terminal.waitFor(s => /newest last/.test(logPane(s).title), 'following again');
		terminal.type('/type:vma-alloc');
		terminal.keys('Enter');
		const filtered = await terminal.waitFor(s => /filter "type:vma-alloc" · \d+ matched of \d+/.test(logPane(s).title), 'the match count');
		// From the retained history: the scenario's first mappings, at time 0, are still found.
		assert.ok(logPane(filtered).lines.some(line => /vma-alloc/.test(line)));
		terminal.keys('q');
	});

	test('--live --record: REC ● FILE and its size in the header, growing; PAUSED as plain', async () => {
		const file = join(dir, 'run.ndjson');
		const terminal = start(`--live --record ${file}`);
		const size = (screen: string) => {
			const match = /REC ● run\.ndjson {2}([\d.]+) (B|kB|MB)/.exec(screen.split('\n')[0] ?? '');
			return match ? Number(match[1]) * {B: 1, kB: 1e3, MB: 1e6}[match[2] as 'B' | 'kB' | 'MB'] : -1;
		};

		const first = await terminal.waitFor(s => running(s) && size(s) > 0, 'the REC marker');
		await terminal.waitFor(s => size(s) > size(first), 'the recording growing');
		terminal.keys('Space');
		const paused = await terminal.waitFor(s => /PAUSED +REC ● run\.ndjson/.test(s.split('\n')[0]!), 'PAUSED with REC');
		assert.match(paused.split('\n')[0]!, /‖ +PAUSED +REC ● run\.ndjson {2}[\d.]+ (B|kB|MB) spf-top/);
		terminal.keys('q');
		await terminal.waitFor(s => /^EXIT=0$/m.test(s), 'the exit');
		assert.ok(statSync(file).size > 0);
	});
});
