// The recording's bytes are pinned: a seeded stream of events (not a simulation, whose
// numbers other work may change) written through RecordWriter must give the body whose
// sha256 was taken before the recorder was last sped up. A faster encoder or writer thread
// that changes one byte of the format fails here; the trailer's checksum must cover the
// header and that body, wherever it is hashed.
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {after, test} from 'node:test';
import {gunzipSync} from 'node:zlib';
import {RecordWriter} from '../../source/record/writer.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {createSummary, finishSummary} from '../../source/stream/index.ts';
import {describeRun, tempDir} from './helpers.ts';

const temp = tempDir();
after(() => temp.remove());

/** mulberry32: a few lines, so the stream depends on nothing else in the project. */
function prng(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

/** 20,000 events of every common type: addresses past 2^31, new strings as the run goes on, a rare long one. */
function seededEvents(seed: number): SimEvent[] {
	const random = prng(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
	const events: SimEvent[] = [];
	let t = 0;
	for (let i = 0; i < 20_000; i++) {
		t += Math.floor(random() * 40);
		const cpu = Math.floor(random() * 64);
		const addr = 0x7eff_0000_0000 + Math.floor(random() * 2 ** 30) * 4096;
		const lock = random() < 0.5 ? 'mmap_sem' : `ptl@0x${(addr - (addr % 2 ** 21)).toString(16)}`;
		const roll = random();
		if (roll < 0.2) events.push({type: 'fault-start', t, cpu, fn: 'do_user_addr_fault', mm: 0, addr, write: random() < 0.5});
		else if (roll < 0.4) {
			events.push({type: 'fault-end', t, cpu, fn: 'do_user_addr_fault', mm: 0, addr, outcome: pick(['ok', 'ok', 'retry', 'sigsegv'] as const), path: pick(['classic', 'speculative', 'fallback'] as const), kind: pick(['anon', 'read', 'cow'] as const), latencyNs: Math.floor(random() * 50_000)});
		} else if (roll < 0.55) events.push({type: 'lock-acquire', t, cpu, fn: 'lock_mm_and_find_vma', lock, mode: pick(['read', 'write'] as const), waitNs: Math.floor(random() * 9000)});
		else if (roll < 0.7) events.push({type: 'lock-release', t, cpu, fn: 'mmap_read_unlock', lock, mode: 'read', holdNs: Math.floor(random() * 9000)});
		else if (roll < 0.8) events.push({type: 'ptl-acquire', t, cpu, fn: 'do_anonymous_page', lock, mode: pick(['spin', 'trylock'] as const), waitNs: Math.floor(random() * 300)});
		else if (roll < 0.85) events.push({type: 'lock-contend', t, cpu, fn: 'lock_mm_and_find_vma', lock, mode: 'read'});
		else if (roll < 0.9) events.push({type: 'spec-abort', t, cpu, fn: 'handle_speculative_fault', addr, reason: random() < 0.01 ? 'x'.repeat(300) : pick(['seqcount', 'vma-changed'])});
		else if (roll < 0.95) events.push({type: 'tlb-shootdown', t, cpu, fn: 'flush_tlb_range', mm: 0, targets: Math.floor(random() * 64), latencyNs: Math.floor(random() * 2 ** 33)});
		else events.push({type: 'vma-free', t, cpu: -1, fn: 'vm_area_free', mm: 0, vma: Math.floor(random() * 100), deferredBy: pick(['none', 'rcu', 'srcu'] as const), deferredNs: Math.floor(random() * 1e6)});
	}
	return events;
}

/** sha256 of the body (every line between the header and the trailer) written by the recorder before it was sped up. */
const pinnedBody = '6e576a841bdc2929ae641499e1567e6099e1fe128c960666a654aa28ca752288';

for (const name of ['pinned.ndjson', 'pinned.ndjson.gz']) {
	test(`a seeded stream's recording (${name}) has the pinned body, and its checksum covers header and body`, () => {
		const events = seededEvents(13);
		const run = describeRun('default', 64, 1_000_000);
		const file = temp.path(name);
		const writer = new RecordWriter(file, run, {flushEvents: 333});
		for (let i = 0; i < events.length; i += 700) writer.write(events.slice(i, i + 700));
		writer.finish({complete: true, reason: null, endNs: events.at(-1)!.t, summary: finishSummary(createSummary(64), events.at(-1)!.t)});
		const raw = readFileSync(file);
		const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
		const headerEnd = text.indexOf('\n') + 1;
		const trailerStart = text.lastIndexOf('\n', text.length - 2) + 1;
		const body = text.slice(headerEnd, trailerStart);
		assert.equal(body.split('\n').length - 1, events.length + (body.match(/^\["s",/gm)?.length ?? 0));
		assert.equal(createHash('sha256').update(body).digest('hex'), pinnedBody);
		const trailer = JSON.parse(text.slice(trailerStart)) as {checksum: string};
		assert.equal(trailer.checksum, `sha256:${createHash('sha256').update(text.slice(0, trailerStart)).digest('hex')}`);
	});
}
