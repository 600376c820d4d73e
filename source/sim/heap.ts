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
	/** Pushes, pops and top replacements so far: the benchmark's count of heap work. */
	ops = 0;

	get size(): number {
		return this.items.length;
	}

	/** Time of the earliest entry, or Infinity when empty. */
	peekTime(): number {
		return this.items.length > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
	}

	/** Time of the earliest entry other than the top, or Infinity: the top's children hold it. */
	peekNextTime(): number {
		const times = this.times;
		const n = this.items.length;
		if (n < 2) return Number.POSITIVE_INFINITY;
		return n === 2 || times[1]! <= times[2]! ? times[1]! : times[2]!;
	}

	/** The earliest item, left in place. */
	peek(): T {
		return this.items[0]!;
	}

	push(time: number, item: T): void {
		this.ops++;
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
		this.ops++;
		const top = this.items[0]!;
		const lastTime = this.times.pop()!;
		const lastSeq = this.seqs.pop()!;
		const lastItem = this.items.pop()!;
		if (this.items.length > 0) this.siftDown(lastTime, lastSeq, lastItem);
		return top;
	}

	/**
	 * Removes the earliest item and inserts `item` at `time`, as `pop` then `push` would
	 * (the same sequence number, so the same order) with one sift instead of two: a task
	 * the engine resumed goes back in without leaving the heap.
	 */
	replaceTop(time: number, item: T): void {
		this.ops++;
		this.siftDown(time, this.nextSeq++, item);
	}

	/** Puts (time, seq, item) in the root's place and moves it down to where it belongs. */
	private siftDown(lastTime: number, lastSeq: number, lastItem: T): void {
		const times = this.times;
		const seqs = this.seqs;
		const items = this.items;
		const n = items.length;
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
	}
}
