// `spf-top sweep` and `spf-top merge` as a user runs them: the real bundle in child
// processes, small grids of 1 ms runs.
import assert from 'node:assert/strict';
import {execFile, spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {jobOnlyFields} from '../../source/sweep/row.ts';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'spf-sweep-'));
after(() => rmSync(dir, {recursive: true, force: true}));

const sweepArgs = (duration = '1ms', cpus = '1,2'): string[] => ['sweep', 'ebizzy', '--schemes', 'mmap-sem,per-vma', '--cpus', cpus, '--seeds', '3', '--duration', duration];
const grid = sweepArgs();

interface Ran {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

function spfTop(...args: string[]): Promise<Ran> {
	return new Promise(resolve => {
		execFile(process.execPath, [cli, ...args], {cwd: dir, env: {...process.env, NO_COLOR: '1'}, maxBuffer: 64 << 20}, (error, stdout, stderr) => {
			resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr});
		});
	});
}

function ok(r: Ran): string {
	assert.equal(r.code, 0, r.stderr);
	return r.stdout;
}

const whole = spfTop(...grid, '--ndjson', '-j', '2').then(ok);
const wholeText = spfTop(...grid, '-j', '1').then(ok);
const shardFiles = Promise.all([1, 2, 3].map(i => spfTop(...grid, '--shard', `${i}/3`, '--ndjson', '-j', '1', '-o', `shard-${i}.ndjson`).then(ok)));

test("a sweep's rows are the rows of the same jobs run one by one with --headless --json", async () => {
	const [header, ...rows] = (await whole).trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
	assert.equal(header!.jobs, 4);
	assert.deepEqual(rows.map(r => [r.job, r.scheme, r.cpus, r.seed]), [[0, 'mmap-sem', 1, 3], [1, 'mmap-sem', 2, 3], [2, 'per-vma', 1, 3], [3, 'per-vma', 2, 3]]);
	const alone = await Promise.all(rows.map(r => spfTop('ebizzy', '--headless', '--json', '--scheme', String(r.scheme), '--cpus', String(r.cpus), '--seed', String(r.seed), '--duration', '1ms').then(ok)));
	rows.forEach((row, i) => {
		const headless = JSON.parse(alone[i]!) as Record<string, unknown>;
		const rest = Object.fromEntries(Object.entries(row).filter(([key]) => !(jobOnlyFields as readonly string[]).includes(key)));
		assert.deepEqual(rest, headless, `job ${i}`);
		assert.deepEqual([row.durationNs, row.tool, row.scenarioHash], [1_000_000, header!.tool, header!.scenarioHash]);
	});
});

test('--jobs 1 and --jobs 2 print the same bytes (NDJSON and the text chart)', async () => {
	const [one, text2] = await Promise.all([spfTop(...grid, '--ndjson', '-j', '1').then(ok), spfTop(...grid, '--jobs', '2').then(ok)]);
	assert.equal(one, await whole);
	const text1 = await wholeText;
	assert.equal(text2, text1);
	assert.match(text1, /CPUs \(log₂ scale\)/);
});

test('--shard 1/3, 2/3, 3/3 as separate processes, merged, are byte-identical to the unsharded sweep', async () => {
	assert.deepEqual(await shardFiles, ['', '', '']);
	const lines = (i: number): string[] => readFileSync(join(dir, `shard-${i}.ndjson`), 'utf8').trimEnd().split('\n');
	assert.deepEqual([1, 2, 3].map(i => lines(i).slice(1).map(l => (JSON.parse(l) as {job: number}).job)), [[0, 3], [1], [2]], 'round-robin');
	assert.deepEqual((JSON.parse(lines(2)[0]!) as {shard: unknown}).shard, {index: 2, count: 3});
	const files = ['shard-3.ndjson', 'shard-1.ndjson', 'shard-2.ndjson'];
	assert.equal(ok(await spfTop('merge', ...files, '--ndjson')), await whole);
	assert.equal(ok(await spfTop('merge', ...files)), await wholeText);
	// A shard written as JSON merges with NDJSON ones.
	ok(await spfTop(...grid, '--shard', '1/3', '--json', '-j', '1', '-o', 'shard-1.json'));
	assert.equal(ok(await spfTop('merge', 'shard-1.json', 'shard-2.ndjson', 'shard-3.ndjson', '--ndjson')), await whole);
});

test('merging shards of different sweeps, twice the same shard, or too few fails with one clear line', async () => {
	await shardFiles;
	await Promise.all([
		spfTop(...sweepArgs('2ms'), '--shard', '1/3', '--ndjson', '-j', '1', '-o', 'other-duration.ndjson'),
		spfTop(...sweepArgs('1ms', '1,4'), '--shard', '1/3', '--ndjson', '-j', '1', '-o', 'other-cpus.ndjson'),
		spfTop(...grid, '--shard', '1/2', '--ndjson', '-j', '1', '-o', 'halves-1.ndjson'),
	].map(p => p.then(ok)));
	const cases: [string[], RegExp][] = [
		[['other-duration.ndjson', 'shard-2.ndjson', 'shard-3.ndjson'], /^spf-top merge: shard-2\.ndjson is from another sweep than other-duration\.ndjson: durationNs 1000000 vs 2000000\n$/],
		[['shard-1.ndjson', 'other-cpus.ndjson', 'shard-3.ndjson'], /^spf-top merge: other-cpus\.ndjson is from another sweep than shard-1\.ndjson: cpus \[1,4\] vs \[1,2\]\n$/],
		[['shard-1.ndjson', 'shard-1.ndjson', 'shard-3.ndjson'], /^spf-top merge: shard-1\.ndjson and shard-1\.ndjson are both shard 1\/3\n$/],
		[['shard-1.ndjson', 'shard-3.ndjson'], /^spf-top merge: shard 2\/3 missing \(given: 1\/3, 3\/3\)\n$/],
		[['shard-1.ndjson', 'halves-1.ndjson'], /^spf-top merge: halves-1\.ndjson is shard 1\/2, shard-1\.ndjson is shard 1\/3: not shards of one split\n$/],
	];
	const results = await Promise.all(cases.map(([files]) => spfTop('merge', ...files, '--ndjson')));
	for (const [k, [files, message]] of cases.entries()) {
		const r = results[k]!;
		assert.equal(r.code, 1, files.join(' '));
		assert.equal(r.stdout, '');
		assert.match(r.stderr, message);
	}
	// A file with another scenario's contents under the same name: the scenario hash differs.
	const hashed = readFileSync(join(dir, 'shard-2.ndjson'), 'utf8').replace(/"scenarioHash":"sha256:[0-9a-f]+"/, '"scenarioHash":"sha256:00"');
	writeFileSync(join(dir, 'shard-2-edited.ndjson'), hashed);
	const r = await spfTop('merge', 'shard-1.ndjson', 'shard-2-edited.ndjson', 'shard-3.ndjson');
	assert.equal(r.code, 1);
	assert.match(r.stderr, /shard-2-edited\.ndjson is from another sweep than shard-1\.ndjson: scenarioHash "sha256:00" vs "sha256:[0-9a-f]{64}"/);
});

test('three shards run through GNU parallel, as the README recipe does, merge into the sweep', {skip: spawnSync('parallel', ['--version']).status === 0 ? false : 'GNU parallel is not installed'}, async () => {
	const args = grid.map(a => `'${a}'`).join(' ');
	const r = spawnSync('parallel', ['--will-cite', '--halt', 'now,fail=1', '-j', '3', `${process.execPath} ${cli} ${args} --shard {}/3 --ndjson -j 1 -o gnu-{}.ndjson`, ':::', '1', '2', '3'], {cwd: dir, encoding: 'utf8'});
	assert.equal(r.status, 0, r.stderr);
	assert.equal(ok(await spfTop('merge', 'gnu-1.ndjson', 'gnu-2.ndjson', 'gnu-3.ndjson', '--ndjson')), await whole);
});

test('SIGINT stops the workers, prints the rows that finished, and re-raises the signal', async () => {
	const child = spawn(process.execPath, [cli, 'sweep', 'pft', '--schemes', 'mmap-sem', '--cpus', '1,2,4,8,16,32,64', '--seeds', '1..20', '--duration', '2ms', '--ndjson', '-j', '2'], {cwd: dir});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	const firstDone = new Promise<void>(resolve => {
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			if (/done: /.test(stderr)) resolve();
		});
	});
	// Readiness: the first finished job's line on stderr (not a fixed sleep).
	await Promise.race([firstDone, once(child, 'exit')]);
	assert.equal(child.exitCode, null, `still running after the first job: ${stderr}`);
	child.kill('SIGINT');
	const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
	assert.deepEqual([code, signal], [null, 'SIGINT'], stderr);
	const [header, ...rows] = stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {jobs?: number; job?: number});
	assert.equal(header!.jobs, 140);
	assert.ok(rows.length >= 1 && rows.length < 140, `${rows.length} rows`);
	assert.deepEqual(rows.map(r => r.job), [...rows.map(r => r.job!)].sort((a, b) => a - b), 'in job order');
	assert.match(stderr, new RegExp(`spf-top: SIGINT: stopped after ${rows.length} of 140 jobs; printed the ${rows.length} that finished\\n$`));
	assert.doesNotMatch(stderr, /node_platform|Assertion|Error/);
});

test('a bad sweep option is a usage error: exit 2, one line', async () => {
	const results = await Promise.all([spfTop('sweep', '--shard', '4/3'), spfTop('merge', 'a.ndjson', '--cpus', '4')]);
	assert.deepEqual(results.map(r => r.code), [2, 2]);
	assert.equal(results[0]!.stderr, 'spf-top: --shard "4/3" is not i/n with 1 ≤ i ≤ n (e.g. --shard 2/3)\n');
	assert.equal(results[1]!.stderr, 'spf-top: spf-top merge takes the sweep from its files; drop --cpus\n');
});
