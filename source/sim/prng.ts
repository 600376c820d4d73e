/**
 * The simulator's one source of randomness: sfc32 seeded through splitmix32, so any
 * integer seed gives a well-mixed, platform-independent stream.
 */
export class Prng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		let s = seed >>> 0;
		const next = (): number => {
			s = (s + 0x9e3779b9) >>> 0;
			let z = s;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
			return (z ^ (z >>> 16)) >>> 0;
		};
		this.a = next();
		this.b = next();
		this.c = next();
		this.d = next();
		for (let i = 0; i < 12; i++) this.nextUint32();
	}

	nextUint32(): number {
		const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
		this.d = (this.d + 1) >>> 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) >>> 0;
		this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
		this.c = (this.c + t) >>> 0;
		return t;
	}

	/** A float in [0, 1). */
	next(): number {
		return this.nextUint32() / 4294967296;
	}

	/** An integer in [0, n). */
	below(n: number): number {
		return Math.floor(this.next() * n);
	}
}

/** A stateless hash of two integers into [0, 1000): decides facts (page-cache residency) without consuming the PRNG. */
export function hashPermille(x: number, y: number): number {
	let h = Math.imul((x | 0) ^ 0x27d4eb2d, 0x165667b1) ^ (y | 0);
	h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae3d);
	return ((h ^ (h >>> 16)) >>> 0) % 1000;
}
