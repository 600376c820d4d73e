/**
 * The scenario inside a header, checked field by field and rebuilt from known keys only:
 * the same limits a scenario file is held to, so re-simulating a recording is no riskier
 * than running the scenario it was made from.
 */
import type {Count, Expectation, FaultRun, MappingSpec, ProcessSpec, Prot, Scenario, Step, StepPart} from '../sim/config.ts';
import {evalCount, maxCpus, maxThreadsPerCore} from '../sim/config.ts';
import {machineNames} from '../sim/machines.ts';
import {paramNames, type ParamName} from '../sim/params.ts';
import {printable} from './printable.ts';
import {RecordError} from './record-error.ts';
import {array, boolean, fail, integer, type JsonObject, object, oneOf, own, string} from './shape.ts';

const pageSize = 4096;
/** The user half of a 48-bit address space. */
const maxMappingBytes = 2 ** 47;
const maxLoopNesting = 16;
const prots: readonly Prot[] = ['none', 'r', 'rw', 'rx', 'rwx'];
/** Every step op; a new op in `Step` is a type error here until it is read below. */
const opTable = {mmap: 1, touch: 1, faults: 1, munmap: 1, mprotect: 1, madvise: 1, think: 1, barrier: 1, loop: 1} satisfies Record<Step['op'], 1>;
const ops = Object.keys(opTable) as Step['op'][];

/** `cpus` is the machine's CPU count, against which string counts are checked. */
export function readScenario(value: unknown, path: string, cpus: number): Scenario {
	const o = object(value, path);
	const expect = own(o, 'expect');
	return {
		name: string(own(o, 'name'), `${path}.name`),
		description: string(own(o, 'description'), `${path}.description`),
		cpus: integer(own(o, 'cpus'), `${path}.cpus`, 1, maxCpus),
		...optionalInteger(o, 'sockets', path, maxCpus),
		...optionalInteger(o, 'smt', path, maxThreadsPerCore),
		...(own(o, 'machine') === undefined ? {} : {machine: oneOf(own(o, 'machine'), `${path}.machine`, machineNames)}),
		durationNs: integer(own(o, 'durationNs'), `${path}.durationNs`, 1),
		scheme: string(own(o, 'scheme'), `${path}.scheme`),
		seed: integer(own(o, 'seed'), `${path}.seed`, 0),
		// `memcg` joined the scenario later: a recording without it gets the default.
		memcg: own(o, 'memcg') === undefined ? true : boolean(own(o, 'memcg'), `${path}.memcg`),
		costs: readCosts(own(o, 'costs'), `${path}.costs`),
		processes: array(own(o, 'processes'), `${path}.processes`, maxCpus).map((p, i) => readProcess(p, `${path}.processes[${i}]`, cpus)),
		injectMmap: readInjectMmap(own(o, 'injectMmap'), `${path}.injectMmap`),
		...(expect === undefined ? {} : {expect: readExpectation(expect, `${path}.expect`)}),
	};
}

/** `{key: n}` when the key is there (a whole number from 1 to `max`), `{}` when it is not. */
function optionalInteger(o: JsonObject, key: 'sockets' | 'smt', path: string, max: number): {sockets?: number; smt?: number} {
	const v = own(o, key);
	return v === undefined ? {} : {[key]: integer(v, `${path}.${key}`, 1, max)};
}

/**
 * Known cost names with a number each. An unknown name is an error: a damaged name would
 * otherwise fall back to the default cost and re-simulate another machine.
 */
export function readCosts(value: unknown, path: string): Partial<Record<ParamName, number>> {
	const o = object(value, path);
	const costs: Partial<Record<ParamName, number>> = {};
	for (const name of Object.keys(o)) {
		if (!(paramNames as readonly string[]).includes(name)) throw new RecordError(`${path}: "${printable(name).slice(0, 60)}" is not a cost name this spf-top knows`);
	}
	for (const name of paramNames) {
		const v = own(o, name);
		if (v !== undefined) costs[name] = integer(v, `${path}.${name}`, 0, name.endsWith('Permille') ? 1000 : Number.MAX_SAFE_INTEGER);
	}
	return costs;
}

function readProcess(value: unknown, path: string, cpus: number): ProcessSpec {
	const o = object(value, path);
	return {
		name: string(own(o, 'name'), `${path}.name`),
		count: readCount(own(o, 'count'), `${path}.count`, cpus),
		threads: readCount(own(o, 'threads'), `${path}.threads`, cpus),
		mappings: array(own(o, 'mappings'), `${path}.mappings`).map((m, i) => readMapping(m, `${path}.mappings[${i}]`)),
		program: readProgram(own(o, 'program'), `${path}.program`, 0),
		threadPrograms: array(own(o, 'threadPrograms'), `${path}.threadPrograms`, maxCpus).map((tp, i) => {
			const p = object(tp, `${path}.threadPrograms[${i}]`);
			const cpu = own(p, 'cpu');
			return {
				thread: integer(own(p, 'thread'), `${path}.threadPrograms[${i}].thread`, 0, maxCpus),
				...(cpu === undefined ? {} : {cpu: integer(cpu, `${path}.threadPrograms[${i}].cpu`, 0, maxCpus - 1)}),
				program: readProgram(own(p, 'program'), `${path}.threadPrograms[${i}].program`, 0),
			};
		}),
	};
}

function readCount(value: unknown, path: string, cpus: number): Count {
	if (typeof value === 'number') return integer(value, path, 0, maxCpus);
	if (typeof value === 'string') {
		let n: number;
		try {
			n = evalCount(value, cpus);
		} catch {
			return fail(path, 'a count like cpus, cpus-1 or cpus/2', value);
		}
		if (Number.isSafeInteger(n) && n <= maxCpus) return value;
	}
	return fail(path, `a count (a whole number up to ${maxCpus}, or cpus, cpus-1, cpus/2 ...)`, value);
}

function readMapping(value: unknown, path: string): MappingSpec {
	const o = object(value, path);
	return {
		name: string(own(o, 'name'), `${path}.name`),
		size: readPages(own(o, 'size'), `${path}.size`),
		file: boolean(own(o, 'file'), `${path}.file`),
		shared: boolean(own(o, 'shared'), `${path}.shared`),
		prot: oneOf(own(o, 'prot'), `${path}.prot`, prots),
	};
}

function readPages(value: unknown, path: string): number {
	const n = integer(value, path, pageSize, maxMappingBytes);
	return n % pageSize === 0 ? n : fail(path, 'a multiple of the 4096-byte page size', value);
}

function readProgram(value: unknown, path: string, nesting: number): Step[] {
	if (nesting > maxLoopNesting) return fail(path, `loops nested at most ${maxLoopNesting} deep`, 'more');
	return array(value, path).map((step, i) => readStep(step, `${path}[${i}]`, nesting));
}

function readStep(value: unknown, path: string, nesting: number): Step {
	const o = object(value, path);
	const op = oneOf(own(o, 'op'), `${path}.op`, ops);
	const field = (key: string): unknown => own(o, key);
	const at = (key: string): string => `${path}.${key}`;
	switch (op) {
		case 'mmap': {
			const nextTo = field('nextTo');
			return {op, ...readMapping(o, path), ...(nextTo === undefined ? {} : {nextTo: string(nextTo, at('nextTo'))})};
		}
		case 'touch':
			return {
				op,
				region: string(field('region'), at('region')),
				write: boolean(field('write'), at('write')),
				stride: readPages(field('stride'), at('stride')),
				slice: boolean(field('slice'), at('slice')),
				random: boolean(field('random'), at('random')),
			};
		case 'faults':
			return {op, region: string(field('region'), at('region')), runs: readRuns(field('runs'), at('runs'))};
		case 'munmap':
			return {op, region: string(field('region'), at('region')), ...readPart(field('part'), at('part'))};
		case 'mprotect':
			return {op, region: string(field('region'), at('region')), prot: oneOf(field('prot'), at('prot'), prots), ...readPart(field('part'), at('part'))};
		case 'madvise':
			return {op, region: string(field('region'), at('region')), slice: boolean(field('slice'), at('slice')), ...readPart(field('part'), at('part'))};
		case 'think':
			return {op, ns: integer(field('ns'), at('ns'), 1)};
		case 'barrier':
			return {op};
		case 'loop': {
			const times = field('times');
			const body = readProgram(field('body'), at('body'), nesting + 1);
			if (body.length === 0) return fail(at('body'), 'at least one step', 'none');
			return {op, times: times === null ? null : integer(times, at('times'), 1), body};
		}
	}
}

/** A step's `part` (offset and size in bytes, whole pages), when it has one. */
function readPart(value: unknown, path: string): {part?: StepPart} {
	if (value === undefined) return {};
	const o = object(value, path);
	const offset = integer(own(o, 'offset'), `${path}.offset`, 0, maxMappingBytes - pageSize);
	if (offset % pageSize !== 0) return fail(`${path}.offset`, 'a multiple of the 4096-byte page size', offset);
	return {part: {offset, size: readPages(own(o, 'size'), `${path}.size`)}};
}

function readRuns(value: unknown, path: string): FaultRun[] {
	const pages = maxMappingBytes / pageSize;
	return array(value, path).map((run, i) => {
		const o = object(run, `${path}[${i}]`);
		return {page: integer(own(o, 'page'), `${path}[${i}].page`, 0, pages - 1), count: integer(own(o, 'count'), `${path}[${i}].count`, 1, pages), write: boolean(own(o, 'write'), `${path}[${i}].write`)};
	});
}

function readInjectMmap(value: unknown, path: string): Scenario['injectMmap'] {
	const o = object(value, path);
	return {
		size: readPages(own(o, 'size'), `${path}.size`),
		file: boolean(own(o, 'file'), `${path}.file`),
		shared: boolean(own(o, 'shared'), `${path}.shared`),
	};
}

/**
 * What the scenario promises (`spf-top check` reads it; replaying and re-simulating do not):
 * kept as the plain data it is, so expectations added after this build survive a round trip.
 */
function readExpectation(value: unknown, path: string): Expectation {
	return object(value, path) as Expectation;
}
