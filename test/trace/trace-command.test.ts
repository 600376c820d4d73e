/**
 * `spf-top trace` end to end with the real perf: a tiny shell program captured and imported,
 * and Ctrl-C leaving no perf behind. Skipped, with the reason, where perf or tracefs is missing.
 */
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {importTrace} from '../../source/trace/import-trace.ts';
import {missingPrerequisites} from '../../source/trace/prerequisites.ts';

const cli = join(import.meta.dirname, '..', '..', 'source', 'cli.tsx');
const missing = missingPrerequisites();
const skip = missing.length > 0 ? `cannot capture here: ${missing.join('; ')}` : false;
const all = {fromNs: 0, toNs: Number.POSITIVE_INFINITY, maxEvents: 100_000};

test('captures a tiny shell program and imports it', {skip}, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-trace-'));
	try {
		const out = join(dir, 'sh.trace.txt');
		// Three processes (sh, seq, sort); sort fills its buffers in user space.
		const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'trace', '-o', out, '--', 'sh', '-c', 'seq 1 200000 | sort -n > /dev/null'], {encoding: 'utf8', timeout: 120_000});
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stderr, /Next: spf-top import /);
		const text = readFileSync(out, 'utf8');
		assert.match(text, /^# spf-top-trace: 1\n# command: sh -c seq 1 200000/);
		// sh's /proc/PID/maps, read right after its exec: its stack is there.
		assert.match(text, /^# maps \d+: [\da-f]+-[\da-f]+ rw-p .*\[stack\]$/m);
		const imported = await importTrace(out, all);
		assert.ok(imported.figures.faults >= 300, `${imported.figures.faults} faults`);
		assert.ok(imported.figures.calls.mmap > 0);
		assert.ok((imported.text.match(/^ {2}- name: /gm) ?? []).length >= 3, 'sh, seq and sort are processes of their own');
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});

test('Ctrl-C stops perf and the program, and what was captured is still written', {skip}, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-trace-'));
	const out = join(dir, 'sleep.trace.txt');
	// Its own process group, so the signal goes to all of it, as a terminal's Ctrl-C does.
	const child = spawn(process.execPath, ['--import', 'tsx', cli, 'trace', '-o', out, '--', 'sh', '-c', 'echo ready; exec sleep 60'], {detached: true, stdio: ['ignore', 'pipe', 'pipe']});
	try {
		let stdout = '';
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		await new Promise<void>((resolve, reject) => {
			child.stdout.on('data', (chunk: Buffer) => {
				stdout += chunk.toString();
				if (stdout.includes('ready\n')) resolve();
			});
			child.on('exit', () => reject(new Error(`exited before the program started: ${stdout}`)));
		});
		const perf = childrenOf(child.pid!);
		assert.equal(perf.length, 1, 'one perf under spf-top trace');
		process.kill(-child.pid!, 'SIGINT');
		const code = await new Promise<number | null>(resolve => child.on('exit', c => resolve(c)));
		assert.equal(code, 130);
		assert.ok(!existsSync(`/proc/${perf[0]}`) || !readFileSync(`/proc/${perf[0]}/cmdline`, 'utf8').startsWith('perf'), 'perf is gone');
		assert.match(readFileSync(out, 'utf8'), /# command: sh -c echo ready; exec sleep 60/);
		assert.match(stderr, /\(stopped early\)/);
	} finally {
		if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
		rmSync(dir, {recursive: true, force: true});
	}
});

/** The pids of a process's children, from /proc. */
function childrenOf(pid: number): number[] {
	const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
	return tasks === '' ? [] : tasks.split(' ').map(Number);
}
