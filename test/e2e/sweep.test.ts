// `spf-top sweep` in a real terminal (tmux): the live progress line, then the chart with its
// legend and axis labels and the table under it, left on screen. Runs the bundle.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {Terminal, hasTmux} from './tmux.ts';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
let terminal: Terminal | undefined;

before(() => {
	if (!existsSync(cli)) spawnSync(process.execPath, [new URL('../../source/build.mjs', import.meta.url).pathname], {stdio: 'inherit'});
});

after(() => terminal?.kill());

test('a sweep in a 100×40 terminal: progress, then chart, legend, axis labels and table', {skip: hasTmux ? false : 'tmux is not installed'}, async () => {
	terminal = new Terminal('sweep ebizzy --schemes mmap-sem,per-vma --cpus 1,2,4 --seeds 1..2 --duration 1ms -j 2', 100, 40);
	// The workers take a moment to start: the progress line shows first.
	await terminal.waitFor(s => /sweep \d+\/12 jobs · \d+\.\d s elapsed · ETA /.test(s) || s.includes('EXIT='), 'the progress line', 60_000).then(s => assert.match(s, /^. sweep \d+\/12 jobs/m, 'the progress line was drawn'));
	const screen = await terminal.waitFor(s => s.includes('EXIT='), 'the sweep to finish', 120_000);
	assert.match(screen, /EXIT=0/);
	const lines = screen.split('\n');
	assert.match(lines[0]!, /^spf-top sweep · ebizzy · 1\.000 ms simulated · 2 seeds$/);
	assert.equal(lines[1], 'faults per simulated second');
	assert.match(screen, /^ *[\d.]+ [kM] ┤/m);
	assert.match(screen, /^ +0 ┤/m);
	assert.match(screen, /└┬─+┬─+┬/);
	assert.match(screen, /^ +1 +2 +4$/m);
	assert.match(screen, /CPUs \(log₂ scale\)/);
	assert.match(screen, /● mmap-sem {2}■ per-vma {2}(◎ several schemes {2})?│ min–max over seeds/);
	assert.match(screen, /× is the ratio to mmap-sem/);
	assert.match(screen, /^CPUs +mmap-sem +per-vma$/m);
	assert.match(screen, /^4 +[\d.]+ [kM] +[\d.]+ [kM] [\d.]+×$/m);
	assert.doesNotMatch(screen, /jobs · .* elapsed/, 'the progress line is gone');
});
