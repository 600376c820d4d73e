/**
 * A binary min-heap of items ordered by (time, sequence). The sequence number is the
 * order of insertion, so entries due at the same nanosecond run first-in first-out and
 * every run with the same inputs pops the same order (SimPy's `(time, priority, id)`).
 * Parallel arrays keep the hot loop free of per-entry allocation.
 */
export class EventHeap<T> {
	private readonly times: number[] = [];
	private readonly seqs: number[] = [];
	private readonly items: T[] = [];
	private nextSeq = 0;

	get size(): number {
		return this.items.length;
	}

	/** Time of the earliest entry, or Infinity when empty. */
	peekTime(): number {
		return this.items.length > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
	}

	push(time: number, item: T): void {
		const times = this.times;
		const seqs = this.seqs;
		const items = this.items;
		const seq = this.nextSeq++;
		let i = items.length;
		times.push(time);
		seqs.push(seq);
		items.push(item);
		while (i > 0) {
			const parent = (i - 1) >> 1;
			const pt = times[parent]!;
			if (pt < time || (pt === time && seqs[parent]! < seq)) break;
			times[i] = pt;
			seqs[i] = seqs[parent]!;
			items[i] = items[parent]!;
			i = parent;
		}
		times[i] = time;
		seqs[i] = seq;
		items[i] = item;
	}

	/** Removes and returns the earliest item; the caller reads its time with peekTime first. */
	pop(): T {
		const times = this.times;
		const seqs = this.seqs;
		const items = this.items;
		const top = items[0]!;
		const lastTime = times.pop()!;
		const lastSeq = seqs.pop()!;
		const lastItem = items.pop()!;
		const n = items.length;
		if (n === 0) return top;
		let i = 0;
		for (;;) {
			const left = 2 * i + 1;
			if (left >= n) break;
			const right = left + 1;
			let child = left;
			if (right < n && (times[right]! < times[left]! || (times[right] === times[left] && seqs[right]! < seqs[left]!))) child = right;
			const ct = times[child]!;
			if (ct > lastTime || (ct === lastTime && seqs[child]! > lastSeq)) break;
			times[i] = ct;
			seqs[i] = seqs[child]!;
			items[i] = items[child]!;
			i = child;
		}
		times[i] = lastTime;
		seqs[i] = lastSeq;
		items[i] = lastItem;
		return top;
	}
}
