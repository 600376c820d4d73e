import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {main} from '../../source/cli/main.ts';
import type {Io} from '../../source/run/io.ts';

/** Runs the CLI in this process; returns the exit code and what it wrote. */
async function spfTop(...argv: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	let stdout = '';
	let stderr = '';
	const io = {stdout: {write: (s: string) => (stdout += s), isTTY: false}, stderr: {write: (s: string) => (stderr += s), isTTY: false}, stdin: process.stdin} as unknown as Io;
	const code = await main(argv, io);
	return {code, stdout, stderr};
}

const race = ['mprotect-race', '--scheme', 'srcu-2010', '--break', 'skip-seq-recheck', '--seed', '2', '--duration', '60us'];

test('explain draws the same race from the run and from its recording, and --json gives it as data', async () => {
	const simulated = await spfTop('explain', ...race);
	assert.equal(simulated.code, 0, simulated.stderr);
	const [title, ...diagram] = simulated.stdout.split('\n');
	assert.equal(title, 'mprotect-race under srcu-2010 --break skip-seq-recheck, 8 CPUs, seed 2, schedule (none):');
	assert.match(diagram.join('\n'), /^>> +0\.044955 ms  do_mprotect_pkey: pte-exceeds-vma$/m);
	assert.match(diagram.join('\n'), /\nCPU 0 in do_mprotect_pkey: PTE 0x7effffc84000 is writable but vma#1 is r- \(with CPU 1\)\.\n$/);
	const file = join(mkdtempSync(join(tmpdir(), 'spf-top-explain-')), 'race.ndjson');
	assert.equal((await spfTop(...race, '--record', file)).code, 0);
	const recorded = await spfTop('explain', file);
	assert.equal(recorded.code, 0, recorded.stderr);
	// The recording holds no traced steps: the same diagram without them.
	assert.match(diagram.join('\n'), /^ {4}0\.044\d+ ms {2,}set_pte_at: sets PTE 0x7effffc84000$/m);
	const traced = /: (reads vma#|walks to PTE table|links PTE table|sets PTE|unlinks PTE table)/;
	const words = (lines: readonly string[]): string[] => lines.map(line => line.replace(/\s+/g, ' '));
	assert.deepEqual(words(recorded.stdout.split('\n').slice(1)), words(diagram.filter(line => !traced.test(line))));
	assert.match(recorded.stderr, /holds no traced steps \(find_vma, set_pte_at, free_pgtables\): explain the run itself to see them/);
	const json = JSON.parse((await spfTop('explain', ...race, '--json')).stdout);
	assert.deepEqual(json.interleaving.cpus, [0, 1]);
	assert.equal(json.interleaving.steps.filter((s: {violating: boolean}) => s.violating).length, 1);
});

test('explain with no violation to draw says so and exits 1; --schedule needs --headless on a run', async () => {
	const clean = await spfTop('explain', 'mprotect-race', '--scheme', 'srcu-2010', '--duration', '20us');
	assert.equal(clean.code, 1);
	assert.match(clean.stderr, /no violation in mprotect-race under srcu-2010, 8 CPUs, seed 1, schedule \(none\) over 0\.02 ms: nothing to explain/);
	const bad = await spfTop('mprotect-race', '--schedule', 'cpu1@5+1us');
	assert.equal(bad.code, 2);
	assert.match(bad.stderr, /--schedule replays an explored schedule headless: add --headless/);
	const recorded = await spfTop('mprotect-race', '--headless', '--schedule', 'cpu1@5+1us', '--record', 'x.ndjson');
	assert.equal(recorded.code, 2);
	assert.match(recorded.stderr, /--schedule cannot be recorded: a recording holds the seed's own run/);
});
