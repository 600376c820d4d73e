/**
 * A seeded random order of [0, n) computed one position at a time: a 4-round Feistel network
 * on the smallest even number of bits covering n, cycle-walked back into range. A random
 * `touch` of a 1 TiB mapping (2^28 pages) so needs four words of state, not a 1 GiB list of
 * page indexes; cycle-walking costs under four rounds on average, as the domain is below 4n.
 */
import type {Prng} from './prng.ts';

const rounds = 4;

export class Permutation {
	private readonly half: number;
	private readonly mask: number;
	private readonly keys: Uint32Array;

	constructor(readonly n: number, rng: Prng) {
		if (!Number.isInteger(n) || n < 0 || n > 2 ** 30) throw new RangeError(`a permutation covers 0 to 2^30 items, got ${n}`);
		let bits = 2;
		while (2 ** bits < n) bits += 2;
		this.half = bits / 2;
		this.mask = (1 << this.half) - 1;
		this.keys = new Uint32Array(rounds);
		for (let r = 0; r < rounds; r++) this.keys[r] = rng.nextUint32();
	}

	/** The item visited at position `i` (0 <= i < n); every item exactly once over all positions. */
	at(i: number): number {
		let x = i;
		do x = this.scramble(x);
		while (x >= this.n);
		return x;
	}

	private scramble(x: number): number {
		const {half, mask, keys} = this;
		let left = x >>> half;
		let right = x & mask;
		for (let r = 0; r < rounds; r++) {
			const next = left ^ (mix(right, keys[r]!) & mask);
			left = right;
			right = next;
		}
		return ((left << half) | right) >>> 0;
	}
}

function mix(x: number, key: number): number {
	let h = Math.imul(x ^ key, 0x9e3779b1);
	h ^= h >>> 15;
	h = Math.imul(h, 0x85ebca77);
	return (h ^ (h >>> 13)) >>> 0;
}
