// The worker pool: results in job order whatever finishes first, an abort that stops the
// workers (each aborts its run and exits by itself), and a failing job that stops the rest.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runJobs} from '../../source/commands/run-worker.ts';

const job = (scheme: string, durationNs: number) => ({scenario: 'ebizzy', scheme, cpus: 2, sockets: 1, seed: 1, durationNs});

test('summaries come back in job order, not completion order', async () => {
	// The long job first: the short ones finish before it on the second worker.
	const jobs = [job('mmap-sem', 6_000_000), job('per-vma', 500_000), job('spf-v12', 500_000)];
	const finished: number[] = [];
	const summaries = await runJobs(jobs, {concurrency: 2, onDone: index => finished.push(index)});
	assert.deepEqual(summaries.map(s => s.simNs), [6_000_000, 500_000, 500_000]);
	assert.deepEqual([...finished].sort(), [0, 1, 2]);
});

test('an abort stops the workers mid-run and rejects with its reason', async () => {
	const stop = new AbortController();
	const jobs = Array.from({length: 6}, () => job('mmap-sem', 400_000_000));
	const started: number[] = [];
	const run = runJobs(jobs, {concurrency: 2, signal: stop.signal, onStart: index => {
		started.push(index);
		if (started.length === 2) setTimeout(() => stop.abort(new Error('stopped')), 200);
	}});
	const t0 = Date.now();
	await assert.rejects(run, /stopped/);
	// 400 ms simulated of ebizzy takes many seconds; the abort ends it at the next 1 ms slice.
	assert.ok(Date.now() - t0 < 30_000);
	assert.deepEqual(started, [0, 1]);
});

test('a failing job stops the others and its error is thrown', async () => {
	const jobs = [job('mmap-sem', 400_000_000), {...job('mmap-sem', 1_000_000), scenario: 'no-such-scenario'}];
	await assert.rejects(runJobs(jobs, {concurrency: 2}), /no-such-scenario/);
});
