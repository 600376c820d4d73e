/**
 * One `processes:` entry: how many of it, how many threads each, what is mapped before the
 * threads start, and the programs they run.
 */
import {isSeq} from 'yaml';
import type {Count, MappingSpec, ProcessSpec, Step, ThreadProgram} from '../sim/config.ts';
import {evalCount, maxCpus} from '../sim/config.ts';
import {checkPendingRegions, type ProcessScope} from './fault-steps.ts';
import type {Field, Location} from './field.ts';
import {setProcessLocations} from './locations.ts';
import {readMapping} from './mapping.ts';
import {readValue} from './read-value.ts';
import type {Structure} from './shape.ts';
import {readProgram} from './steps.ts';
import {mappingKeys, processKeys, threadProgramKeys} from './table.ts';

// Counts are checked on a large machine; on a small one `cpus-1` may legitimately be 0.
const probeCpus = 64;

/** Reads `{name, count, threads, mappings, program, thread_programs}`. */
export function readProcess(field: Field): ProcessSpec | undefined {
	const fields = field.map(processKeys);
	const name = fields.read('name');
	const countField = fields.get('count');
	const threadsField = fields.get('threads');
	const count = countField ? readCount(countField, processKeys.count.shape) : processKeys.count.default;
	const threads = threadsField ? readCount(threadsField, processKeys.threads.shape) : processKeys.threads.default;
	const mappings = readMappings(fields.get('mappings'));
	const mappingNames = new Set(mappings.map(m => m.name));
	const threadProgramsField = fields.get('thread_programs');
	// Without per-thread programs every thread runs `program`: the table makes it required then.
	const programField = fields.get('program');
	const processScope: ProcessScope = {programs: [], pending: [], sizes: new Map(mappings.map(m => [m.name, m.size]))};
	const program = programField ? readNonEmptyProgram(programField, mappingNames, processScope) : [];
	const threadLocations: Location[] = [];
	const threadPrograms = threadProgramsField ? readThreadPrograms(threadProgramsField, threads, mappingNames, processScope, threadLocations) : [];
	checkPendingRegions(processScope);
	if (name === undefined || count === undefined || threads === undefined) return undefined;
	const spec = {name, count, threads, mappings, program, threadPrograms};
	setProcessLocations(spec, {process: field.location, ...(countField ? {count: countField.location} : {}), ...(threadsField ? {threads: threadsField.location} : {}), threadPrograms: threadLocations});
	return spec;
}

// An empty program would leave its threads idle for the whole run: surely not what was meant.
function readNonEmptyProgram(field: Field, mappings: ReadonlySet<string>, process: ProcessScope): Step[] {
	const mmapped = new Set<string>();
	process.programs.push(mmapped);
	const program = readProgram(field, {mappings, mmapped, process, sizes: new Map(process.sizes)});
	if (isSeq(field.node) && field.node.items.length === 0) field.fail('a program needs at least one step');
	return program;
}

/** A count such as `4`, `cpus`, `cpus-1` or `cpus/2`, at most the shape's `max`. */
function readCount(field: Field, {max, what}: Extract<Structure, {type: 'count'}>): Count | undefined {
	const value = field.scalar;
	if (typeof value === 'number') return value > max && Number.isInteger(value) ? field.fail(`${value} is too many ${what}`) : field.number(1);
	const allowed = '(allowed: a whole number, cpus, cpus-1, cpus+1, cpus*2, cpus/2)';
	if (typeof value !== 'string') return field.fail(`expected a count, got ${field.shown} ${allowed}`);
	let n: number;
	try {
		n = evalCount(value, probeCpus);
	} catch (error) {
		// A well-formed expression that evaluates badly (`cpus/0`) says why; anything else is not a count.
		const why = (error as Error).message;
		return field.fail(/divides by zero|not a whole number/.test(why) ? `${why} ${allowed}` : `expected a count, got ${field.shown} ${allowed}`);
	}
	if (n > max) return field.fail(`"${value}" is ${n} on a ${probeCpus}-CPU machine: too many ${what}`);
	return n >= 1 ? value : field.fail(`"${value}" is ${n} on a ${probeCpus}-CPU machine; a count must be at least 1`);
}

function readMappings(field: Field | undefined): MappingSpec[] {
	const mappings: MappingSpec[] = [];
	for (const item of field?.items() ?? []) {
		const mapping = readMapping(item.map(mappingKeys));
		if (!mapping) continue;
		if (mappings.some(m => m.name === mapping.name)) item.fail(`duplicate mapping name "${mapping.name}"`);
		else mappings.push(mapping);
	}
	return mappings;
}

function readThreadPrograms(field: Field, threads: Count | undefined, mappings: ReadonlySet<string>, process: ProcessScope, locations: Location[]): ThreadProgram[] {
	const result: ThreadProgram[] = [];
	for (const item of field.items() ?? []) {
		const fields = item.map(threadProgramKeys);
		const threadField = fields.get('thread');
		const thread = threadField && readValue(threadField, threadProgramKeys.thread.shape);
		const cpuField = fields.get('cpu');
		const cpu = cpuField && readValue(cpuField, threadProgramKeys.cpu.shape);
		const programField = fields.get('program');
		const program = programField ? readNonEmptyProgram(programField, mappings, process) : [];
		if (threadField === undefined || thread === undefined) continue;
		// A count like `cpus` is known only with the machine: checkMachineFits checks those.
		const most = typeof threads === 'number' ? threads : maxCpus;
		if (thread >= most) threadField.fail(`thread ${thread} does not exist: the process has ${typeof threads === 'number' ? threads : `at most ${maxCpus}`} thread(s), numbered from 0`);
		else if (result.some(r => r.thread === thread)) threadField.fail(`thread ${thread} already has a program`);
		else {
			result.push({thread, ...(cpu === undefined ? {} : {cpu}), program});
			locations.push(threadField.location);
		}
	}
	return result;
}
