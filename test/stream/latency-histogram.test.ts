import assert from 'node:assert/strict';
import {test} from 'node:test';
import {LatencyHistogram} from '../../source/stream/index.ts';

/** A small seeded generator (mulberry32) so the accuracy test is reproducible. */
function random(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

test('values below 256 ns are exact', () => {
	const histogram = new LatencyHistogram();
	for (let ns = 0; ns < 256; ns++) histogram.record(ns);
	assert.equal(histogram.count, 256);
	assert.equal(histogram.percentile(0), 0);
	assert.equal(histogram.percentile(50), 127);
	assert.equal(histogram.percentile(100), 255);
	assert.equal(histogram.max, 255);
});

test('percentiles are within 1/256 of the exact order statistic over 1 ns to 10 s', () => {
	const next = random(42);
	const samples = Array.from({length: 100_000}, () => Math.floor(10 ** (next() * 10)));
	const histogram = new LatencyHistogram();
	for (const ns of samples) histogram.record(ns);
	samples.sort((a, b) => a - b);
	let worst = 0;
	for (const p of [0, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100]) {
		const exact = samples[Math.max(1, Math.ceil((p * samples.length) / 100)) - 1]!;
		const error = Math.abs(histogram.percentile(p) - exact) / exact;
		worst = Math.max(worst, error);
		assert.ok(error <= 1 / 256, `p${p}: ${histogram.percentile(p)} vs ${exact}`);
	}

	assert.ok(worst > 0, 'large values are bucketed, not stored');
	assert.equal(histogram.max, samples.at(-1));
});

test('a single sample reads back exactly (clamped to min and max)', () => {
	const histogram = new LatencyHistogram();
	histogram.record(123_457);
	assert.equal(histogram.percentile(50), 123_457);
	assert.equal(histogram.percentile(99), 123_457);
});

test('merge equals recording everything into one histogram', () => {
	const next = random(7);
	const a = new LatencyHistogram();
	const b = new LatencyHistogram();
	const both = new LatencyHistogram();
	for (let i = 0; i < 10_000; i++) {
		const ns = Math.floor(next() * 1e7);
		(i % 3 === 0 ? a : b).record(ns);
		both.record(ns);
	}

	a.merge(b);
	assert.equal(a.count, both.count);
	assert.equal(a.max, both.max);
	for (const p of [1, 50, 90, 99, 100]) assert.equal(a.percentile(p), both.percentile(p));
});

test('reset empties it; an empty histogram reads 0', () => {
	const histogram = new LatencyHistogram();
	histogram.record(5000);
	histogram.reset();
	assert.equal(histogram.count, 0);
	assert.equal(histogram.max, 0);
	assert.equal(histogram.percentile(99), 0);
	histogram.record(10);
	assert.equal(histogram.percentile(50), 10);
});

test('samples above highestNs land in the top bucket but max stays exact', () => {
	const histogram = new LatencyHistogram({highestNs: 1_000_000});
	histogram.record(500);
	histogram.record(5e12);
	assert.equal(histogram.max, 5e12);
	const top = histogram.percentile(100);
	assert.ok(Math.abs(top - 1_000_000) / 1_000_000 <= 1 / 256, String(top));
});

test('bad arguments are named', () => {
	assert.throws(() => new LatencyHistogram().percentile(101), /percentile must be from 0 to 100, got 101/);
	assert.throws(() => new LatencyHistogram({highestNs: 10}), /highestNs must be an integer of at least 256, got 10/);
});

test('percentiles are those of the division-based bucketing, on both sides of 2^32', () => {
	// The reference bucket of issue 13's before: ⌊v / 2^shift⌋, read back as its midpoint.
	const reference = (v: number): number => {
		if (v < 256) return v;
		const shift = Math.floor(Math.log2(v)) - 7;
		return Math.floor(v / 2 ** shift) * 2 ** shift + 2 ** shift / 2;
	};
	const next = random(13);
	const samples = Array.from({length: 50_000}, () => Math.floor(2 ** (next() * 36)));
	samples.push(2 ** 32 - 1, 2 ** 32, 2 ** 32 + 2 ** 24 + 1);
	const histogram = new LatencyHistogram();
	for (const ns of samples) histogram.record(ns);
	samples.sort((a, b) => a - b);
	for (const p of [0.001, 1, 10, 50, 90, 99, 99.9, 99.99]) {
		const exact = samples[Math.max(1, Math.ceil((p * samples.length) / 100)) - 1]!;
		const want = Math.min(samples.at(-1)!, Math.max(samples[0]!, reference(exact)));
		assert.equal(histogram.percentile(p), want, `p${p} of ${exact}`);
	}
});
