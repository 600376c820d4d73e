// SIGINT, SIGTERM or SIGHUP during a long recording, with a real child process: the file is
// finished with an interrupted trailer, replays (printing what the run printed), and
// verifies; the process then dies by the signal, as a shell loop expects. The signal is sent
// once the child says on stderr that it is recording, within a generous deadline (a loaded
// machine can take seconds to start it), never after a fixed sleep.
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {once} from 'node:events';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {openRecording} from '../../source/record/reader.ts';
import {tempDir} from './helpers.ts';

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
		await waitForStderr(child, () => stderr, /^spf-top: recording to .*\n/, 30_000);
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

/** Resolves once `text()` matches `pattern`, checked as the child writes; fails after `deadlineMs` or if the child exits first. */
export async function waitForStderr(child: ReturnType<typeof spawn>, text: () => string, pattern: RegExp, deadlineMs: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const check = (): void => {
			if (!pattern.test(text())) return;
			done();
			resolve();
		};
		const timer = setTimeout(() => {
			done();
			reject(new Error(`no ${pattern} on stderr within ${deadlineMs} ms: ${text()}`));
		}, deadlineMs);
		const early = (): void => {
			done();
			reject(new Error(`exited before ${pattern}: ${text()}`));
		};
		const done = (): void => {
			clearTimeout(timer);
			child.stderr!.off('data', check);
			child.off('exit', early);
		};
		child.stderr!.on('data', check);
		child.once('exit', early);
		check();
	});
}
