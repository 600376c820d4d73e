/**
 * The candidates one shrinking step tries, biggest cut first: a process fewer, one process of
 * a counted kind, fewer threads, a mapping fewer (with every step that names it), a thread's
 * own program dropped, then runs of steps out of each program and loop body (delta
 * debugging's chunks, halves down to single steps). They work on the scenario as its YAML
 * data, so what is kept is a scenario file anyone can read and run.
 */
import {evalCount, type Scenario} from '../sim/config.ts';

/** A scenario file's data, as the YAML parser gives it. */
export type ScenarioDoc = Record<string, unknown>;

export interface SmallerScenario {
	/** What was cut, for the progress line. */
	readonly what: string;
	readonly doc: ScenarioDoc;
}

type Obj = Record<string, unknown>;

export function smallerScenarios(doc: ScenarioDoc, scenario: Scenario, cpus: number): SmallerScenario[] {
	const out: SmallerScenario[] = [];
	const processes = processesOf(doc);
	const edit = (what: string, change: (copy: ScenarioDoc) => void): void => {
		const copy = structuredClone(doc);
		change(copy);
		out.push({what, doc: copy});
	};
	if (processes.length > 1) for (const [i, p] of processes.entries()) edit(`without process ${String(p['name'])}`, copy => processesOf(copy).splice(i, 1));
	for (const [i, p] of processes.entries()) {
		const spec = scenario.processes[i];
		if (spec === undefined) continue;
		if (evalCount(spec.count, cpus) > 1) edit(`one ${String(p['name'])} process`, copy => (processesOf(copy)[i]!['count'] = 1));
		const threads = evalCount(spec.threads, cpus);
		for (let n = 1; n < threads; n++) {
			edit(`${n} thread${n === 1 ? '' : 's'} in ${String(p['name'])}`, copy => {
				const q = processesOf(copy)[i]!;
				q['threads'] = n;
				const own = listOf(q, 'thread_programs').filter(t => Number(t['thread']) < n);
				if (own.length === 0) delete q['thread_programs'];
				else q['thread_programs'] = own;
			});
		}
		for (const [m, mapping] of listOf(p, 'mappings').entries()) {
			const name = String(mapping['name']);
			edit(`without mapping ${name}`, copy => {
				const q = processesOf(copy)[i]!;
				listOf(q, 'mappings').splice(m, 1);
				// Innermost first, so a loop left empty is itself dropped.
				for (const steps of stepLists(q).reverse()) dropNaming(steps, name);
			});
		}
		for (const [t, own] of listOf(p, 'thread_programs').entries()) {
			edit(`thread ${String(own['thread'])} running the common program`, copy => listOf(processesOf(copy)[i]!, 'thread_programs').splice(t, 1));
		}
	}
	const lists = stepLists(doc);
	for (let size = Math.max(1, ...lists.map(l => l.length)); size >= 1; size = size === 1 ? 0 : Math.ceil(size / 2)) {
		for (const [k, list] of lists.entries()) {
			if (list.length < size) continue;
			for (let at = 0; at < list.length; at += size) {
				const n = Math.min(size, list.length - at);
				edit(n === 1 ? `without step ${describeStep(list[at])}` : `without ${n} steps`, copy => stepLists(copy)[k]!.splice(at, n));
			}
		}
	}
	return out;
}

/** Threads, steps and mappings in all: what a report says the shrinking took away. */
export function scenarioSize(doc: ScenarioDoc, scenario: Scenario, cpus: number): {threads: number; steps: number; mappings: number} {
	let threads = 0;
	let steps = 0;
	let mappings = 0;
	for (const [i, p] of processesOf(doc).entries()) {
		const spec = scenario.processes[i];
		const count = spec === undefined ? 1 : evalCount(spec.count, cpus);
		threads += count * (spec === undefined ? 1 : evalCount(spec.threads, cpus));
		mappings += listOf(p, 'mappings').length;
	}
	for (const list of stepLists(doc)) steps += list.length;
	return {threads, steps, mappings};
}

function processesOf(doc: ScenarioDoc): Obj[] {
	return Array.isArray(doc['processes']) ? (doc['processes'] as Obj[]) : [];
}

function listOf(owner: Obj, key: string): Obj[] {
	const value = owner[key];
	return Array.isArray(value) ? (value as Obj[]) : [];
}

/** Every program and loop body, outermost first, in file order. */
function stepLists(root: Obj): unknown[][] {
	const lists: unknown[][] = [];
	const visit = (steps: unknown): void => {
		if (!Array.isArray(steps)) return;
		lists.push(steps);
		for (const step of steps) {
			const loop = (step as Obj | null)?.['loop'] as Obj | undefined;
			if (loop !== undefined && loop !== null) visit(loop['body']);
		}
	};
	const processes = 'processes' in root ? processesOf(root) : [root];
	for (const p of processes) {
		visit(p['program']);
		for (const own of listOf(p, 'thread_programs')) visit(own['program']);
	}
	return lists;
}

/** Removes the steps that name mapping `name` (as `region:`, `name:` or `munmap: name`), and loops left empty. */
function dropNaming(steps: unknown[], name: string): void {
	for (let i = steps.length - 1; i >= 0; i--) {
		const step = steps[i] as Obj;
		const [op, value] = Object.entries(step ?? {})[0] ?? [];
		if (op === 'loop') {
			const body = (value as Obj | null)?.['body'];
			if (Array.isArray(body) && body.length === 0) steps.splice(i, 1);
			continue;
		}
		const args = value as Obj | string | undefined;
		const named = typeof args === 'string' ? args === name : args !== null && typeof args === 'object' && (args['region'] === name || args['name'] === name);
		if (named) steps.splice(i, 1);
	}
}

function describeStep(step: unknown): string {
	const [op, value] = Object.entries((step as Obj) ?? {})[0] ?? ['?', ''];
	if (op === 'loop') return 'loop';
	if (typeof value !== 'object' || value === null) return `${op}: ${String(value)}`;
	const region = (value as Obj)['region'] ?? (value as Obj)['name'];
	return region === undefined ? op : `${op} ${String(region)}`;
}
