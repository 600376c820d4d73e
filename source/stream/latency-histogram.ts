import {assertInteger} from './assert-option.ts';

/**
 * Linear sub-buckets per power of two: 2^7 = 128. Values below 256 get a bucket each; above,
 * a bucket spans 1/128 to 1/256 of its lower bound, like HdrHistogram with 2 significant
 * digits.
 */
const subBits = 7;
const subCount = 2 ** subBits;

export interface LatencyHistogramOptions {
	/**
	 * Largest value told apart from its neighbours. Larger samples are counted in the top
	 * bucket (their percentiles read low) but `max` stays exact. Memory grows only as far as
	 * the largest sample needs: 8 bytes × 128 per power of two.
	 *
	 * @default 2 ** 36 (about 68.7 s)
	 */
	readonly highestNs?: number;
}

/**
 * A bounded-memory log-linear histogram of nanosecond latencies (HDR-like).
 *
 * Accuracy: `percentile(p)` returns the midpoint of the bucket holding the sample of rank
 * ⌈p% × count⌉, clamped to the recorded min and max, so it is within 1/256 (0.4%) of that
 * sample, and exact below 256 ns.
 */
export class LatencyHistogram {
	readonly highestNs: number;
	readonly #lastIndex: number;
	/** Grown on demand up to `#lastIndex + 1`: most latencies need a few octaves only. */
	#counts = new Float64Array(2 * subCount);
	#count = 0;
	#min = Number.POSITIVE_INFINITY;
	#max = 0;

	constructor(options: LatencyHistogramOptions = {}) {
		const {highestNs = 2 ** 36} = options;
		assertInteger('highestNs', highestNs, 2 * subCount);
		this.highestNs = highestNs;
		this.#lastIndex = bucketIndex(highestNs);
	}

	/** Samples recorded. */
	get count(): number {
		return this.#count;
	}

	/** The largest sample, exactly; 0 when empty. */
	get max(): number {
		return this.#max;
	}

	/** Records one sample; negative values count as 0 and fractions are dropped. */
	record(ns: number): void {
		const value = Math.max(0, Math.floor(ns));
		this.#add(Math.min(bucketIndex(value), this.#lastIndex), 1);
		this.#count++;
		this.#min = Math.min(this.#min, value);
		this.#max = Math.max(this.#max, value);
	}

	/** The value at percentile `p` (0–100); 0 when empty. */
	percentile(p: number): number {
		if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be from 0 to 100, got ${p}`);
		if (this.#count === 0) return 0;
		const rank = Math.max(1, Math.ceil((p * this.#count) / 100));
		let index = 0;
		let seen = this.#counts[0]!;
		while (seen < rank) seen += this.#counts[++index]!;
		return Math.min(this.#max, Math.max(this.#min, bucketMidpoint(index)));
	}

	/** Adds every sample of `other` into this histogram. */
	merge(other: LatencyHistogram): void {
		const counts = other.#counts;
		for (let index = 0; index < counts.length; index++) {
			if (counts[index]! > 0) this.#add(Math.min(index, this.#lastIndex), counts[index]!);
		}

		this.#count += other.#count;
		this.#min = Math.min(this.#min, other.#min);
		this.#max = Math.max(this.#max, other.#max);
	}

	/** Forgets every sample and keeps the memory for reuse. */
	reset(): void {
		this.#counts.fill(0);
		this.#count = 0;
		this.#min = Number.POSITIVE_INFINITY;
		this.#max = 0;
	}

	#add(index: number, n: number): void {
		if (index >= this.#counts.length) {
			const grown = new Float64Array(Math.min(this.#lastIndex + 1, Math.max(index + 1, 2 * this.#counts.length)));
			grown.set(this.#counts);
			this.#counts = grown;
		}

		this.#counts[index]! += n;
	}
}

/** ⌊log2 v⌋ for 1 ≤ v < 2^53; `Math.clz32` only sees 32 bits. */
function log2Floor(value: number): number {
	return value < 2 ** 32 ? 31 - Math.clz32(value) : 63 - Math.clz32(Math.floor(value / 2 ** 32));
}

/** Below 256 the value itself; above, 128 per octave: shift × 128 + the top 8 bits. */
function bucketIndex(value: number): number {
	if (value < 2 * subCount) return value;
	const shift = log2Floor(value) - subBits;
	// A shift where the value fits 32 bits: measured 7x faster than dividing by 2^shift (issue 13).
	return shift * subCount + (value < 2 ** 32 ? value >>> shift : Math.floor(value / 2 ** shift));
}

function bucketMidpoint(index: number): number {
	if (index < 2 * subCount) return index;
	const shift = Math.floor(index / subCount) - 1;
	const width = 2 ** shift;
	return (index - shift * subCount) * width + width / 2;
}
