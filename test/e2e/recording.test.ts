// The dashboard with recordings in a real terminal (tmux): `--replay FILE` plays one with seek
// keys, `--live --record FILE` records the live dashboard, keys' injections included.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {Terminal, hasTmux} from './tmux.ts';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const terminals: Terminal[] = [];
const dir = mkdtempSync(join(tmpdir(), 'spf-e2e-rec-'));

function start(args: string, columns = 120, rows = 40): Terminal {
	const terminal = new Terminal(args, columns, rows);
	terminals.push(terminal);
	return terminal;
}

function spf(args: string[]) {
	const env = {...process.env};
	delete env.CI;
	return spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', env});
}

/** A whole frame: the header's second line, the CPU panes, the event log and the footer. */
const whole = (screen: string) => /t \d+\.\d{3} ms · .* · faults /.test(screen) && /CPUs {2}8 · one pane each/.test(screen) && screen.includes('Events') && /^ \? help {2}q quit {2}space /m.test(screen);

before(() => {
	if (!existsSync(cli)) spawnSync(process.execPath, [new URL('../../source/build.mjs', import.meta.url).pathname], {stdio: 'inherit'});
});

after(() => {
	for (const terminal of terminals) terminal.kill();
	rmSync(dir, {recursive: true, force: true});
});

describe('recordings on the dashboard in a terminal', {concurrency: 1, skip: hasTmux ? false : 'tmux is not installed'}, () => {
	test('--replay FILE: the REPLAY header with position / duration; G to the end, g to the start, ] forward 10%', async () => {
		const file = join(dir, 'replay.ndjson');
		const recorded = spf(['default', '--duration', '5ms', '--record', file]);
		assert.equal(recorded.status, 0, recorded.stderr);
		const terminal = start(`--replay ${file}`);
		const first = await terminal.waitFor(s => whole(s) && /REPLAY replay\.ndjson · \d+\.\d{3} ms \/ 5\.000 ms/.test(s), 'the replay dashboard');
		assert.match(first.split('\n')[0]!, /spf-top · REPLAY replay\.ndjson · \d+\.\d{3} ms \/ 5\.000 ms · mmap-sem/);
		assert.match(first, /cpu7 +(fault|user|spin|sleep|mmap|munmap|mprotect|madvise|idle)/);
		assert.match(first, /\]\/\[ seek ±10% {2}g\/G start\/end/);
		terminal.keys('G');
		await terminal.waitFor(s => whole(s) && /REPLAY replay\.ndjson · 5\.000 ms \/ 5\.000 ms · END of recording/.test(s) && /^.{4}t 5\.000 ms/m.test(s), 'the end');
		// Paused, the position stays where the seek put it.
		terminal.keys('Space');
		await terminal.waitFor(s => /PAUSED/.test(s), 'paused');
		terminal.keys('g');
		await terminal.waitFor(s => whole(s) && /REPLAY replay\.ndjson · 0\.000 ms \/ 5\.000 ms/.test(s), 'the start');
		terminal.keys(']');
		await terminal.waitFor(s => whole(s) && /REPLAY replay\.ndjson · 0\.500 ms \/ 5\.000 ms/.test(s) && /^.{4}t 0\.500 ms/m.test(s), '10% further');
		// A recording takes no injections, and says so.
		terminal.keys('m');
		await terminal.waitFor(s => /mmap: a recording cannot take injections/.test(s), 'the refusal');
		terminal.keys('q');
		await terminal.waitFor(s => /^EXIT=0$/m.test(s), 'the exit');
	});

	test('--live --record FILE: m injects, q completes the file, and verify replays the injection identically', async () => {
		const file = join(dir, 'live.ndjson');
		const terminal = start(`default --live --record ${file}`);
		await terminal.waitFor(s => whole(s) && /t (0\.[1-9]|[1-9])\d*/.test(s), 'the live dashboard');
		terminal.keys('m');
		const notice = /injected mmap 8M anon private mm0 at (\d+\.\d{3}) ms/;
		const at = Number(notice.exec(await terminal.waitFor(s => notice.test(s), 'the injection'))![1]);
		// Let it run on past the injection a little: simulated time, not a fixed sleep.
		await terminal.waitFor(s => Number(/t (\d+\.\d{3}) ms · /.exec(s)?.[1] ?? 0) > at + 0.1, 'the run past the injection');
		terminal.keys('q');
		const screen = await terminal.waitFor(s => /^EXIT=\d+$/m.test(s), 'the exit');
		assert.match(screen, /^EXIT=0$/m);
		assert.match(screen, /spf-top: recorded [\d,]+ events to .*live\.ndjson/);
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		const trailer = JSON.parse(lines.at(-1)!) as {kind: string; complete: boolean; reason: string | null; events: number; lines: number};
		assert.equal(trailer.kind, 'end');
		assert.equal(trailer.complete, true);
		assert.equal(trailer.reason ?? null, null);
		assert.ok(trailer.events > 0);
		assert.equal(trailer.lines, lines.length - 2, 'every line between the header and the trailer');
		assert.ok(lines.some(line => line.includes('inject')), 'the injection is in the file');
		const verify = spf(['verify', file]);
		assert.equal(verify.status, 0, verify.stdout + verify.stderr);
	});

	test('--live --record FILE: s stops the recording and says so; the file holds the first scheme', async () => {
		const file = join(dir, 'switch.ndjson');
		const terminal = start(`default --live --record ${file}`);
		await terminal.waitFor(s => whole(s), 'the live dashboard');
		terminal.keys('s');
		await terminal.waitFor(s => /recording stopped: it holds the mmap-sem run only/.test(s), 'the notice');
		terminal.keys('q');
		const screen = await terminal.waitFor(s => /^EXIT=\d+$/m.test(s), 'the exit');
		assert.match(screen, /^EXIT=0$/m);
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		const trailer = JSON.parse(lines.at(-1)!) as {complete: boolean; reason: string | null};
		assert.equal(trailer.complete, false);
		assert.match(trailer.reason ?? '', /scheme switched to /);
		const verify = spf(['verify', file]);
		assert.equal(verify.status, 0, verify.stdout + verify.stderr);
	});
});
