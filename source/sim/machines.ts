/**
 * Named machines (`--machine`, scenario `machine:`): a socket/core/thread shape and the line
 * costs measured on that part. The default is the two-socket Xeon Scalable server class the
 * will-it-scale and LKP page-fault results were measured on; the line costs in params.ts are
 * its figures. Every number's source is in docs/calibration.md.
 */
import type {Params} from './params.ts';

/** The costs a machine preset sets; a scenario's `costs:` still overrides any of them. */
export type MachineCosts = Pick<Params, 'atomicOwnNs' | 'lineHitNs' | 'lineSiblingNs' | 'casSameSocketNs' | 'casCrossSocketNs' | 'storeSameSocketNs' | 'storeCrossSocketNs' | 'socketBandwidthMBps'>;

export interface MachinePreset {
	readonly name: string;
	/** What the preset stands for, for `--help` and the catalogue. */
	readonly description: string;
	readonly sockets: number;
	readonly coresPerSocket: number;
	/** SMT threads per core (hyperthreads); 1 means SMT off. */
	readonly threadsPerCore: number;
	readonly costs: MachineCosts;
}

/**
 * 2 × Xeon Gold 6130 (Skylake-SP, 16 cores, 2-way SMT, 6 × DDR4-2666 per socket). The core-to-core
 * figures are nviennot/core-to-core-latency's for the Xeon Gold 6242, the same 16-core
 * Skylake-SP/Cascade Lake mesh one generation on: 48 ns same socket, 136 ns across UPI, 7.4 ns
 * between hyperthreads.
 */
export const xeonGold6130x2: MachinePreset = {
	name: 'xeon-gold-6130-2s',
	description: '2 × Xeon Gold 6130 (Skylake-SP): 2 sockets × 16 cores × 2 threads, 6 × DDR4-2666 per socket',
	sockets: 2,
	coresPerSocket: 16,
	threadsPerCore: 2,
	costs: {
		atomicOwnNs: 7,
		lineHitNs: 1,
		lineSiblingNs: 7,
		casSameSocketNs: 48,
		casCrossSocketNs: 136,
		// A plain access pays the same transfer without the locked instruction's own cost
		// (Schweizer et al., PACT'15: atomics and plain accesses to a remote line cost alike).
		storeSameSocketNs: 41,
		storeCrossSocketNs: 129,
		// 6 channels × 2666 MT/s × 8 bytes = 128 GB/s peak per socket; STREAM sustains ~100 GB/s
		// of it (docs/calibration.md), the figure clear_page can draw on.
		socketBandwidthMBps: 100_000,
	},
};

/** Core i7-1165G7 (Tiger Lake, 4 cores, 2-way SMT, LPDDR4x-4266 on a 128-bit bus). */
export const laptopTigerLake: MachinePreset = {
	name: 'laptop-i7-1165g7',
	description: 'Core i7-1165G7 laptop (Tiger Lake): 1 socket × 4 cores × 2 threads, LPDDR4x-4266',
	sockets: 1,
	coresPerSocket: 4,
	threadsPerCore: 2,
	costs: {
		atomicOwnNs: 7,
		lineHitNs: 1,
		// nviennot/core-to-core-latency, i7-1165G7: 27 ns between cores, 5.9 ns between hyperthreads.
		lineSiblingNs: 6,
		casSameSocketNs: 27,
		storeSameSocketNs: 20,
		// One socket: these apply only when --sockets adds more; the server's figures then.
		casCrossSocketNs: 136,
		storeCrossSocketNs: 129,
		// 4266 MT/s × 16 bytes = 68 GB/s peak; sustained at the same ~78 % as the Xeon's.
		socketBandwidthMBps: 53_000,
	},
};

/**
 * 4 × Xeon Platinum 8180 (Skylake-SP, 28 cores, 2-way SMT, 6 × DDR4-2666 per socket). Four
 * sockets on three UPI links each are fully connected, so every remote socket is one hop, priced
 * as in the 2-socket part; nviennot's 24-core Cascade Lake 8275CL measured 47 ns same socket,
 * 134 ns across sockets, 7.6 ns between hyperthreads.
 */
export const xeonPlatinum8180x4: MachinePreset = {
	name: 'xeon-platinum-8180-4s',
	description: '4 × Xeon Platinum 8180 (Skylake-SP): 4 sockets × 28 cores × 2 threads, 6 × DDR4-2666 per socket',
	sockets: 4,
	coresPerSocket: 28,
	threadsPerCore: 2,
	costs: {
		atomicOwnNs: 7,
		lineHitNs: 1,
		lineSiblingNs: 8,
		casSameSocketNs: 47,
		casCrossSocketNs: 134,
		storeSameSocketNs: 40,
		storeCrossSocketNs: 127,
		socketBandwidthMBps: 100_000,
	},
};

export const machinePresets: readonly MachinePreset[] = [xeonGold6130x2, laptopTigerLake, xeonPlatinum8180x4];

export const defaultMachine = xeonGold6130x2;

export const machineNames = machinePresets.map(m => m.name);

export function machineByName(name: string): MachinePreset {
	const preset = machinePresets.find(m => m.name === name);
	if (!preset) throw new Error(`machine "${name}" is not one of ${machineNames.join(', ')}`);
	return preset;
}
