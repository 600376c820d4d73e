/**
 * One `processes:` entry: how many of it, how many threads each, what is mapped before the
 * threads start, and the programs they run.
 */
import type {Count, MappingSpec, ProcessSpec, Step} from '../sim/config.ts';
import {evalCount} from '../sim/config.ts';
import type {Field} from './field.ts';
import {readMapping} from './mapping.ts';
import {readProgram} from './steps.ts';

// Counts are checked on a large machine; on a small one `cpus-1` may legitimately be 0.
const probeCpus = 64;

/** Reads `{name, count, threads, mappings, program, thread_programs}`. */
export function readProcess(field: Field): ProcessSpec | undefined {
	const fields = field.map(['name', 'count', 'threads', 'mappings', 'program', 'thread_programs']);
	if (!fields) return undefined;
	const name = fields.require('name')?.string();
	const count = readCount(fields.get('count'));
	const threads = readCount(fields.get('threads'));
	const mappings = readMappings(fields.get('mappings'));
	const mappingNames = new Set(mappings.map(m => m.name));
	const threadProgramsField = fields.get('thread_programs');
	// Without per-thread programs every thread runs `program`, so it must be there.
	const programField = threadProgramsField ? fields.get('program') : fields.require('program');
	const program = programField ? readProgram(programField, {mappings: mappingNames, mmapped: new Set()}) : [];
	const threadPrograms = threadProgramsField ? readThreadPrograms(threadProgramsField, threads, mappingNames) : [];
	if (name === undefined || count === undefined || threads === undefined) return undefined;
	return {name, count, threads, mappings, program, threadPrograms};
}

/** A count such as `4`, `cpus`, `cpus-1` or `cpus/2`; 1 when the key is absent. */
function readCount(field: Field | undefined): Count | undefined {
	if (field === undefined) return 1;
	const value = field.scalar;
	if (typeof value === 'number') return field.number(1);
	const n = typeof value === 'string' ? probeCount(value) : undefined;
	if (typeof value !== 'string' || n === undefined) {
		return field.fail(`expected a count, got ${field.shown} (allowed: a whole number, cpus, cpus-1, cpus+1, cpus*2, cpus/2)`);
	}
	return n >= 1 ? value : field.fail(`"${value}" is ${n} on a ${probeCpus}-CPU machine; a count must be at least 1`);
}

function probeCount(count: string): number | undefined {
	try {
		return evalCount(count, probeCpus);
	} catch {
		return undefined;
	}
}

function readMappings(field: Field | undefined): MappingSpec[] {
	const mappings: MappingSpec[] = [];
	for (const item of field?.items() ?? []) {
		const mapping = readMapping(item);
		if (!mapping) continue;
		if (mappings.some(m => m.name === mapping.name)) item.fail(`duplicate mapping name "${mapping.name}"`);
		else mappings.push(mapping);
	}
	return mappings;
}

function readThreadPrograms(field: Field, threads: Count | undefined, mappings: ReadonlySet<string>): {thread: number; program: Step[]}[] {
	const result: {thread: number; program: Step[]}[] = [];
	for (const item of field.items() ?? []) {
		const fields = item.map(['thread', 'program']);
		if (!fields) continue;
		const threadField = fields.require('thread');
		const thread = threadField?.number(0);
		const programField = fields.require('program');
		const program = programField ? readProgram(programField, {mappings, mmapped: new Set()}) : [];
		if (threadField === undefined || thread === undefined) continue;
		if (typeof threads === 'number' && thread >= threads) threadField.fail(`thread ${thread} does not exist: the process has ${threads} thread(s), numbered from 0`);
		else if (result.some(r => r.thread === thread)) threadField.fail(`thread ${thread} already has a program`);
		else result.push({thread, program});
	}
	return result;
}
