import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Permutation} from '../../source/sim/permutation.ts';
import {Prng} from '../../source/sim/prng.ts';

test('a permutation visits every index of [0, n) exactly once, for sizes around powers of four', () => {
	for (const n of [1, 2, 3, 4, 5, 15, 16, 17, 63, 64, 65, 1000, 4097]) {
		const p = new Permutation(n, new Prng(n));
		const seen = new Uint8Array(n);
		for (let i = 0; i < n; i++) seen[p.at(i)]!++;
		assert.ok(seen.every(c => c === 1), `n = ${n}`);
	}
});

test('the order is seeded and scrambled, not ascending', () => {
	const order = (seed: number): number[] => Array.from({length: 64}, (_, i) => new Permutation(64, new Prng(seed)).at(i));
	assert.deepEqual(order(7), order(7));
	assert.notDeepEqual(order(7), order(8));
	assert.notDeepEqual(order(7), [...Array(64).keys()]);
});

test('2^28 pages (a 1 TiB mapping) are addressed without a list of them', () => {
	const before = process.memoryUsage().arrayBuffers;
	const p = new Permutation(2 ** 28, new Prng(1));
	const firsts = new Set(Array.from({length: 1000}, (_, i) => p.at(i)));
	assert.equal(firsts.size, 1000);
	assert.ok([...firsts].every(x => x >= 0 && x < 2 ** 28));
	assert.ok(process.memoryUsage().arrayBuffers - before < 1024 * 1024);
});
