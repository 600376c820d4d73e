/** The allocator, LRU and memcg keep the simulator deterministic: same seed, same stream, new locks included. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {resolveMachine} from '../../../source/sim/config.ts';
import {Simulator} from '../../../source/sim/simulator.ts';
import {builtin} from '../../schemes/helpers.ts';
import {sha256} from '../helpers.ts';

test('pft on 4 CPUs twice with one seed: byte-identical streams that take zone->lock, lru_lock and the page_counters', () => {
	const run = (seed: number) => new Simulator(resolveMachine(builtin('pft'), {cpus: 4, sockets: 2, seed, scheme: 'per-vma'})).advance(2_000_000);
	const a = run(7);
	assert.equal(sha256(run(7)), sha256(a));
	const locks = new Set(a.flatMap(e => (e.type === 'lock-acquire' ? [e.lock] : [])));
	for (const lock of ['node0:zone->lock', 'node1:zone->lock', 'node0:lru_lock', 'memcg.page_counter@root']) assert.ok(locks.has(lock), lock);
	assert.notEqual(sha256(run(8)), sha256(a), 'another seed interleaves differently');
});
