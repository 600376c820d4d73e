/**
 * Allocation per simulated fault, from V8's sampling heap profiler with the objects
 * scavenges and mark-compacts collected kept in (most of the simulator's garbage dies young):
 * bytes and objects per fault, and the functions that allocate them. Objects are estimated
 * from the samples: V8 scales a sampled object of `s` bytes to s / (1 - e^(-s/interval)), and
 * that is inverted per sample.
 */
import {Session} from 'node:inspector/promises';
import {simulate} from './engine.ts';

const interval = 256;

export interface AllocationRow {
	readonly scenario: string;
	readonly cpus: number;
	readonly faults: number;
	readonly bytesPerFault: number;
	readonly objectsPerFault: number;
	/** The functions allocating the most, bytes per fault each. */
	readonly top: readonly {readonly fn: string; readonly bytesPerFault: number; readonly objectsPerFault: number}[];
}

interface ProfileNode {
	id: number;
	callFrame: {functionName: string; url: string; lineNumber: number};
	children: ProfileNode[];
}

/** The object size `s` whose scaled sample V8 reports as `scaled` (bisection: monotonic in s). */
function unscale(scaled: number): number {
	let lo = 1;
	let hi = scaled;
	for (let i = 0; i < 40; i++) {
		const mid = (lo + hi) / 2;
		if (mid / (1 - Math.exp(-mid / interval)) < scaled) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

async function profileRun(session: Session, scenario: string, cpus: number, simNs: number): Promise<AllocationRow> {
	simulate(scenario, cpus, simNs); // warm the JIT: its code and feedback are not the run's
	await session.post('HeapProfiler.startSampling', {samplingInterval: interval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true});
	const {faults} = simulate(scenario, cpus, simNs);
	const {profile} = (await session.post('HeapProfiler.stopSampling')) as unknown as {profile: {head: ProfileNode; samples: {size: number; nodeId: number}[]}};
	const nodes = new Map<number, ProfileNode>();
	const walk = (n: ProfileNode): void => {
		nodes.set(n.id, n);
		for (const c of n.children) walk(c);
	};
	walk(profile.head);
	const byFn = new Map<string, {bytes: number; objects: number}>();
	let bytes = 0;
	let objects = 0;
	const sizes = new Map<number, number>();
	for (const sample of profile.samples) {
		// A sample can name a node the profile's tree no longer holds (its function was collected).
		const frame = nodes.get(sample.nodeId)?.callFrame;
		const fn = frame === undefined ? '(a function since collected)' : `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}`;
		let size = sizes.get(sample.size);
		if (size === undefined) sizes.set(sample.size, (size = unscale(sample.size)));
		const count = sample.size / size;
		const entry = byFn.get(fn) ?? {bytes: 0, objects: 0};
		entry.bytes += sample.size;
		entry.objects += count;
		byFn.set(fn, entry);
		bytes += sample.size;
		objects += count;
	}
	const top = [...byFn]
		.sort((a, b) => b[1].bytes - a[1].bytes)
		.slice(0, 6)
		.map(([fn, e]) => ({fn, bytesPerFault: e.bytes / faults, objectsPerFault: e.objects / faults}));
	return {scenario, cpus, faults, bytesPerFault: bytes / faults, objectsPerFault: objects / faults, top};
}

export async function allocationBench(quick = false): Promise<AllocationRow[]> {
	const session = new Session();
	session.connect();
	await session.post('HeapProfiler.enable');
	const rows: AllocationRow[] = [];
	for (const scenario of ['default', 'pft']) rows.push(await profileRun(session, scenario, 64, quick ? 2_000_000 : 5_000_000));
	session.disconnect();
	return rows;
}

export function formatAllocations(rows: readonly AllocationRow[]): string {
	const lines = [`allocation per simulated fault at 64 CPUs (sampled every ${interval} B, objects that died young included)`];
	for (const r of rows) {
		lines.push(`${r.scenario.padEnd(8)} ${Math.round(r.bytesPerFault).toLocaleString('en-US')} B and ${r.objectsPerFault.toFixed(1)} objects per fault (${r.faults.toLocaleString('en-US')} faults); most from:`);
		for (const t of r.top) lines.push(`    ${Math.round(t.bytesPerFault).toString().padStart(6)} B ${t.objectsPerFault.toFixed(1).padStart(6)} objects  ${t.fn}`);
	}
	return lines.join('\n');
}
