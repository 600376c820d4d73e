// SIGINT, SIGTERM or SIGHUP during a long recording, with a real child process: the file is
// finished with an interrupted trailer, replays (printing what the run printed), and
// verifies; the process then dies by the signal, as a shell loop expects. The signal is sent
// once the child says on stderr that it is recording, within a generous deadline (a loaded
// machine can take seconds to start it), never after a fixed sleep.
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {once} from 'node:events';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {openRecording} from '../../source/record/reader.ts';
import {zeroCostScenario} from '../fuzz/cases.ts';
import {readyMs, until} from '../until.ts';
import {tempDir, waitForStderr} from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = `${root}dist/cli.js`;
const temp = tempDir();
after(() => temp.remove());

before(() => {
	if (!existsSync(cli)) spawnSync(process.execPath, [`${root}source/build.mjs`], {stdio: 'inherit'});
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	test(`${signal} during a long recording leaves a readable file marked interrupted`, async () => {
		const file = temp.path(`${signal}.ndjson`);
		const child = spawn(process.execPath, [cli, 'page-fault1', '--cpus', '64', '--duration', '10s', '--record', file], {cwd: temp.dir});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
		await waitForStderr(child, () => stderr, /^spf-top: recording to .*\n/, readyMs);
		child.kill(signal);
		const [code, killedBy] = await exited;
		assert.equal(code, null, stderr);
		assert.equal(killedBy, signal, `dies by ${signal} after cleanup: ${stderr}`);
		assert.match(stderr, new RegExp(`^spf-top: recording to .*\\n(spf-top: ${signal}: stopped at .* of 10\\.000 s; .*${signal}\\.ndjson holds the [\\d,]+ events so far \\(.*\\) and is marked interrupted\\n)$`));
		assert.deepEqual(readdirSync(temp.dir).filter(name => name.startsWith(`${signal}.ndjson`)), [`${signal}.ndjson`], 'no partial file left');

		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		const trailer = JSON.parse(lines.at(-1)!) as {kind: string; complete: boolean; reason: string; endNs: number; durationNs: number; events: number};
		assert.equal(trailer.kind, 'end');
		assert.equal(trailer.complete, false);
		assert.equal(trailer.reason, `interrupted by ${signal}`);
		assert.ok(trailer.endNs > 0 && trailer.endNs < trailer.durationNs, `got ${trailer.endNs} of ${trailer.durationNs} ns`);
		assert.ok(trailer.events > 1000);

		const reader = await openRecording(file);
		let events = 0;
		for await (const batch of reader.batches()) events += batch.length;
		assert.equal(events, trailer.events);
		assert.equal(reader.end.status, 'interrupted');

		// The replay prints the summary the interrupted run printed.
		const replay = spawnSync(process.execPath, [cli, '--replay', file, '--headless'], {encoding: 'utf8'});
		assert.equal(replay.status, 0, replay.stderr);
		assert.equal(replay.stdout, stdout);
		assert.match(replay.stderr, new RegExp(`the recording was cut short \\(interrupted by ${signal}\\)`));

		if (signal === 'SIGINT') {
			const verified = spawnSync(process.execPath, [cli, 'verify', file], {encoding: 'utf8'});
			assert.equal(verified.status, 0, verified.stdout + verified.stderr);
			assert.match(verified.stdout, /identical · [\d,]+ events · 0 injections · .* simulated \(interrupted\)/);
		}
	});
}


// With every cost zero a 1 ms slice holds millions of events: a signal must still act within
// a bounded number of events (maxEventsPerTick), not at the end of the slice. Before the cap,
// the stop came only after the whole slice: 12.5 s and 33 MB here, against 0.8 s and 1.1 MB.
test('SIGINT during a zero-cost recording stops within one tick of events, not at the end of the slice', async () => {
	const scenario = temp.path('zero-costs.yaml');
	writeFileSync(scenario, zeroCostScenario);
	const file = temp.path('zero.ndjson');
	const child = spawn(process.execPath, [cli, scenario, '--record', file], {cwd: temp.dir});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
	await waitForStderr(child, () => stderr, /^spf-top: recording to /, readyMs);
	await until('events written', () => partials('zero.ndjson').some(name => statSync(temp.path(name)).size > 0) || null, undefined, () => stderr, 10);
	child.kill('SIGINT');
	const stopped = await Promise.race([exited, new Promise<null>(resolve => setTimeout(() => resolve(null), 60_000))]);
	if (stopped === null) child.kill('SIGKILL');
	assert.ok(stopped !== null, `still running 60 s after SIGINT: ${stderr}`);
	assert.equal(stopped[1], 'SIGINT', stderr);
	// The first 1 ms slice alone holds about 1.5 M events (33 MB): without the cap the stop
	// waits for all of it; with it, for at most one tick of 50,000 more.
	const trailer = JSON.parse(readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)!) as {reason: string; events: number; endNs: number};
	assert.ok(trailer.events < 1_000_000, `${trailer.events} events (${statSync(file).size} bytes) written before the stop, to ${trailer.endNs} ns`);
	assert.equal(trailer.reason, 'interrupted by SIGINT');
});

const partials = (prefix: string): string[] => readdirSync(temp.dir).filter(name => name.startsWith(prefix) && name.endsWith('.partial'));

/** One recording large enough that exporting it takes a while (about 300,000 events), made once. */
let big: Promise<string> | null = null;
function bigRecording(): Promise<string> {
	big ??= (async () => {
		const file = temp.path('big.ndjson');
		const child = spawn(process.execPath, [cli, 'page-fault1', '--cpus', '16', '--duration', '20ms', '--record', file]);
		const [code] = (await once(child, 'exit')) as [number | null];
		assert.equal(code, 0);
		return file;
	})();
	return big;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL'] as const) {
	test(`${signal} during an export leaves the output as it was, never half a trace`, async () => {
		const recording = await bigRecording();
		const out = temp.path(`export-${signal}.json`);
		writeFileSync(out, 'the trace from before\n');
		const child = spawn(process.execPath, [cli, 'export', recording, '-o', out], {cwd: temp.dir});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
		// Ready once its partial file has bytes: the export is under way.
		await until('the export started', () => partials(`export-${signal}.json`).some(name => statSync(temp.path(name)).size > 0) || null, undefined, () => stderr, 10);
		child.kill(signal);
		const [code, killedBy] = await exited;
		assert.equal(code, null, stderr);
		assert.equal(killedBy, signal, stderr);
		assert.equal(readFileSync(out, 'utf8'), 'the trace from before\n', 'the output is as it was');
		// Only SIGKILL, which nothing can catch, leaves the partial file (never under the final name).
		assert.equal(partials(`export-${signal}.json`).length, signal === 'SIGKILL' ? 1 : 0);
	});
}

test('SIGKILL during a recording leaves a partial file: the next run says so, and recover makes it a recording verify accepts', async () => {
	const file = temp.path('killed.ndjson');
	const child = spawn(process.execPath, [cli, 'page-fault1', '--cpus', '16', '--duration', '10s', '--record', file], {cwd: temp.dir});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = once(child, 'exit');
	await waitForStderr(child, () => stderr, /^spf-top: recording to /, readyMs);
	await until('events written', () => partials('killed.ndjson').some(name => statSync(temp.path(name)).size > 100_000) || null, undefined, () => stderr, 10);
	child.kill('SIGKILL');
	await exited;
	const [partial] = partials('killed.ndjson');
	assert.equal(partial, `killed.ndjson.${child.pid}.partial`);
	assert.ok(!existsSync(file));

	const again = spawnSync(process.execPath, [cli, 'default', '--cpus', '2', '--duration', '1ms', '--record', temp.path('killed.ndjson')], {encoding: 'utf8'});
	assert.equal(again.status, 0, again.stderr);
	assert.match(again.stderr, new RegExp(`${partial!.replace(/\./g, '\\.')} is left from a run that was killed before it finished .*killed\\.ndjson; \`spf-top recover .*${partial!.replace(/\./g, '\\.')}\` turns it into a recording`));

	// killed.ndjson exists now: recover will not overwrite it without -o.
	const refused = spawnSync(process.execPath, [cli, 'recover', temp.path(partial!)], {encoding: 'utf8'});
	assert.equal(refused.status, 2, refused.stderr);
	assert.match(refused.stderr, /killed\.ndjson already exists; name the output with -o/);
	const recovered = temp.path('recovered.ndjson');
	const result = spawnSync(process.execPath, [cli, 'recover', temp.path(partial!), '-o', recovered], {encoding: 'utf8'});
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stderr, /^spf-top: recovered [\d,]+ events up to .* into .*recovered\.ndjson, marked cut short/);
	assert.deepEqual(partials('killed.ndjson'), [], 'the partial file is removed once recovered');
	const trailer = JSON.parse(readFileSync(recovered, 'utf8').trimEnd().split('\n').at(-1)!) as {complete: boolean; reason: string};
	assert.equal(trailer.complete, false);
	assert.match(trailer.reason, /^recovered from killed\.ndjson\.\d+\.partial, which ended without a trailer after line \d+$/);
	const verified = spawnSync(process.execPath, [cli, 'verify', recovered], {encoding: 'utf8'});
	assert.equal(verified.status, 0, verified.stdout + verified.stderr);
	assert.match(verified.stdout, /identical · [\d,]+ events · 0 injections · .* \(interrupted\)/);
});
