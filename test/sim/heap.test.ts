import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {EventHeap} from '../../source/sim/heap.ts';
import {Prng} from '../../source/sim/prng.ts';

function drain<T>(heap: EventHeap<T>): [number, T][] {
	const out: [number, T][] = [];
	while (heap.size > 0) {
		const t = heap.peekTime();
		out.push([t, heap.pop()]);
	}
	return out;
}

describe('EventHeap', () => {
	test('an empty heap peeks Infinity and has size 0', () => {
		const heap = new EventHeap<string>();
		assert.equal(heap.size, 0);
		assert.equal(heap.peekTime(), Number.POSITIVE_INFINITY);
	});

	test('pops in time order whatever the push order', () => {
		const heap = new EventHeap<string>();
		for (const [t, name] of [[30, 'c'], [10, 'a'], [50, 'e'], [20, 'b'], [40, 'd']] as const) heap.push(t, name);
		assert.equal(heap.size, 5);
		assert.equal(heap.peekTime(), 10);
		assert.deepEqual(drain(heap), [[10, 'a'], [20, 'b'], [30, 'c'], [40, 'd'], [50, 'e']]);
	});

	test('entries due at the same time pop first-in first-out', () => {
		const heap = new EventHeap<number>();
		// Interleave two times so the sift paths must compare sequence numbers.
		for (let i = 0; i < 40; i++) heap.push(i % 2 === 0 ? 7 : 3, i);
		const popped = drain(heap);
		const odd = Array.from({length: 20}, (_, i) => 2 * i + 1);
		const even = Array.from({length: 20}, (_, i) => 2 * i);
		assert.deepEqual(popped.map(([, v]) => v), [...odd, ...even]);
		assert.deepEqual(popped.map(([t]) => t), [...odd.map(() => 3), ...even.map(() => 7)]);
	});

	test('FIFO among equal times holds across interleaved pushes and pops', () => {
		const heap = new EventHeap<string>();
		heap.push(5, 'a');
		heap.push(5, 'b');
		assert.equal(heap.pop(), 'a');
		heap.push(5, 'c');
		heap.push(1, 'x');
		heap.push(5, 'd');
		assert.deepEqual(drain(heap), [[1, 'x'], [5, 'b'], [5, 'c'], [5, 'd']]);
	});

	test('random pushes and pops agree with a sorted reference', () => {
		const rng = new Prng(42);
		const heap = new EventHeap<number>();
		// Reference: a list kept sorted by (time, sequence).
		const reference: {t: number; seq: number}[] = [];
		let seq = 0;
		for (let round = 0; round < 5000; round++) {
			if (reference.length === 0 || rng.next() < 0.55) {
				const t = rng.below(50); // Small range: many ties.
				heap.push(t, seq);
				reference.push({t, seq});
				reference.sort((x, y) => x.t - y.t || x.seq - y.seq);
				seq++;
			} else {
				const want = reference.shift()!;
				assert.equal(heap.peekTime(), want.t);
				assert.equal(heap.pop(), want.seq);
			}
			assert.equal(heap.size, reference.length);
		}
		assert.deepEqual(drain(heap), reference.map(r => [r.t, r.seq]));
	});

	test('replaceTop pops the earliest and pushes the new entry, in the order pop then push gives', () => {
		const rng = new Prng(7);
		const replaced = new EventHeap<number>();
		const popPushed = new EventHeap<number>();
		for (let i = 0; i < 64; i++) {
			const t = rng.below(20);
			replaced.push(t, i);
			popPushed.push(t, i);
		}
		for (let i = 64; i < 3000; i++) {
			const t = replaced.peekTime() + rng.below(30); // Many ties with what is queued.
			assert.equal(replaced.peekTime(), popPushed.peekTime());
			assert.equal(replaced.peek(), popPushed.pop());
			replaced.replaceTop(t, i);
			popPushed.push(t, i);
		}
		assert.deepEqual(drain(replaced), drain(popPushed));
	});

	test('peekNextTime is the earliest time once the top is left out', () => {
		const heap = new EventHeap<string>();
		assert.equal(heap.peekNextTime(), Number.POSITIVE_INFINITY);
		heap.push(5, 'a');
		assert.equal(heap.peekNextTime(), Number.POSITIVE_INFINITY);
		heap.push(9, 'b');
		heap.push(7, 'c');
		assert.equal(heap.peekNextTime(), 7);
		heap.replaceTop(8, 'a');
		assert.deepEqual([heap.peekTime(), heap.peek(), heap.peekNextTime()], [7, 'c', 8]);
	});

	test('ops counts pushes, pops and replacements', () => {
		const heap = new EventHeap<number>();
		heap.push(1, 1);
		heap.push(2, 2);
		heap.replaceTop(3, 1);
		heap.pop();
		assert.equal(heap.ops, 4);
	});
});
