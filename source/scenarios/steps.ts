/**
 * A thread's program: a list of one-key maps, the key naming the operation
 * (`touch: {region: heap}`), read into the simulator's `Step` union. Region names are
 * checked as they are read, in program order, against the names in scope.
 */
import {isMap} from 'yaml';
import type {Step, StepPart} from '../sim/config.ts';
import {didYouMean} from './did-you-mean.ts';
import type {Entry, Field} from './field.ts';
import {readFaults, type ProcessScope} from './fault-steps.ts';
import {readMapping} from './mapping.ts';
import {readValue} from './read-value.ts';
import {loopKeys, madviseKeys, mmapKeys, mprotectKeys, regionKeys, stepKeys, touchKeys} from './table.ts';

const ops = Object.keys(stepKeys);

/**
 * The regions a program may name: its process's mappings, and whatever an `mmap` step has
 * mapped earlier in the program (loops included, since they run in order too).
 */
export interface Scope {
	readonly mappings: ReadonlySet<string>;
	readonly mmapped: Set<string>;
	/** The process's other programs: a `faults:` step may name a region one of them mmaps. */
	readonly process?: ProcessScope;
	/** Bytes of each region in scope as far as the program has been read (the latest mmap of a name). */
	readonly sizes: Map<string, number>;
}

/** Reads a list of steps, adding `mmap` names to the scope as they appear. */
export function readProgram(field: Field, scope: Scope): Step[] {
	return readSteps(field.items() ?? [], scope);
}

function readSteps(items: readonly Field[], scope: Scope): Step[] {
	return items.flatMap(item => readStep(item, scope) ?? []);
}

function readStep(field: Field, scope: Scope): Step | undefined {
	const entries = field.entries(`a step like "touch: {region: heap}" (allowed: ${ops.join(', ')})`);
	if (!entries) return undefined;
	const [entry] = entries;
	if (entries.length !== 1 || !entry) {
		const keys = entries.map(e => e.name).join(', ') || 'none';
		return field.fail(`a step is a map with exactly one key, the operation; got keys: ${keys} (allowed: ${ops.join(', ')})`);
	}
	return readOp(entry, scope);
}

function readOp({name, key, value}: Entry, scope: Scope): Step | undefined {
	switch (name) {
		case 'mmap': return readMmap(value, scope);
		case 'touch': return readTouch(value, scope);
		case 'faults': return readFaults(value, field => readRegion(field, scope, true));
		case 'munmap': return readMunmap(value, scope);
		case 'mprotect': return readMprotect(value, scope);
		case 'madvise': return readMadvise(value, scope);
		case 'think': return readThink(value);
		case 'barrier': return readBarrier(value);
		case 'loop': return readLoop(value, scope);
		default: return key.fail(`unknown step "${name}"${didYouMean(name, ops)} (allowed: ${ops.join(', ')})`);
	}
}

function readMmap(field: Field, scope: Scope): Step | undefined {
	const fields = field.map(mmapKeys);
	const mapping = readMapping(fields);
	const nextToField = fields.get('next_to');
	const nextTo = nextToField && readRegion(nextToField, scope);
	if (!mapping) return undefined;
	if (scope.mappings.has(mapping.name)) {
		// Mapping a process mapping again (after a munmap) moves it for every thread: a
		// program's own region must not shadow it, and its steps' offsets were checked against its size.
		const size = scope.sizes.get(mapping.name);
		if (size !== mapping.size) return field.fail(`"${mapping.name}" is a mapping of this process of ${size} bytes: mapping it again takes the same size, or pick another name`);
	} else {
		scope.mmapped.add(mapping.name);
		scope.sizes.set(mapping.name, mapping.size);
	}
	if (nextToField && nextTo === undefined) return undefined;
	return {op: 'mmap', ...mapping, ...(nextTo === undefined ? {} : {nextTo})};
}

function readTouch(field: Field, scope: Scope): Step | undefined {
	const fields = field.map(touchKeys);
	const region = readRegion(fields.get('region'), scope);
	const stride = fields.read('stride');
	const write = fields.read('access') === 'write';
	const slice = fields.read('slice');
	const random = fields.read('order') === 'random';
	if (region === undefined) return undefined;
	return {op: 'touch', region, write, stride, slice, random};
}

function readMunmap(field: Field, scope: Scope): Step | undefined {
	// `munmap: heap` reads like the call; `munmap: {region: heap}` is accepted for symmetry.
	if (typeof field.scalar === 'string') {
		const region = readRegion(field, scope);
		return region === undefined ? undefined : {op: 'munmap', region};
	}
	const fields = field.map(regionKeys);
	const region = readRegion(fields.get('region'), scope);
	const part = region === undefined ? undefined : readPart(fields.get('offset'), fields.get('size'), scope, region);
	return region === undefined || part === null ? undefined : {op: 'munmap', region, ...(part === undefined ? {} : {part})};
}

function readMprotect(field: Field, scope: Scope): Step | undefined {
	const fields = field.map(mprotectKeys);
	const region = readRegion(fields.get('region'), scope);
	const prot = fields.read('prot');
	const part = region === undefined ? undefined : readPart(fields.get('offset'), fields.get('size'), scope, region);
	if (region === undefined || prot === undefined || part === null) return undefined;
	return {op: 'mprotect', region, prot, ...(part === undefined ? {} : {part})};
}

function readMadvise(field: Field, scope: Scope): Step | undefined {
	const fields = field.map(madviseKeys);
	const region = readRegion(fields.get('region'), scope);
	// Only MADV_DONTNEED is simulated; the key is there so the file says what it does.
	fields.read('advice');
	const slice = fields.read('slice');
	const part = region === undefined ? undefined : readPart(fields.get('offset'), fields.get('size'), scope, region);
	if (region === undefined || part === null) return undefined;
	return {op: 'madvise', region, slice, ...(part === undefined ? {} : {part})};
}

/**
 * `offset`/`size` of a step on `region`: undefined when neither is written (the whole
 * region), null after reporting a problem. Both must lie inside the region's size.
 */
function readPart(offsetField: Field | undefined, sizeField: Field | undefined, scope: Scope, region: string): StepPart | undefined | null {
	if (offsetField === undefined && sizeField === undefined) return undefined;
	const offset = offsetField ? readValue(offsetField, regionKeys.offset.shape) : 0;
	const size = sizeField ? readValue(sizeField, regionKeys.size.shape) : undefined;
	if (offset === undefined || (sizeField && size === undefined)) return null;
	const length = scope.sizes.get(region);
	// A region another thread maps (a replayed trace) has no size known here.
	if (length === undefined) return {offset, size: size ?? Number.MAX_SAFE_INTEGER};
	const shown = `region "${region}" is ${length / 1024}KiB`;
	if (offset >= length) return (offsetField ?? sizeField)!.fail(`offset ${offset / 1024}KiB is not inside the region: ${shown}`) ?? null;
	const bytes = size ?? length - offset;
	if (offset + bytes > length) return sizeField!.fail(`offset ${offset / 1024}KiB + size ${bytes / 1024}KiB reaches past the end of the region: ${shown}`) ?? null;
	return {offset, size: bytes};
}

function readThink(field: Field): Step | undefined {
	const ns = readValue(field, stepKeys.think.shape);
	return ns === undefined ? undefined : {op: 'think', ns};
}

function readBarrier(field: Field): Step | undefined {
	// `barrier:`, `barrier: true` and `barrier: {}` all mean the same: the step takes no arguments.
	const value = field.scalar;
	const empty = field.node === null || value === null || value === true || (isMap(field.node) && field.node.items.length === 0);
	return empty ? {op: 'barrier'} : field.fail(`takes no arguments, got ${field.shown} (allowed: nothing, true, {})`);
}

function readLoop(field: Field, scope: Scope): Step | undefined {
	const fields = field.map(loopKeys);
	const timesField = fields.get('times');
	const times = timesField ? readValue(timesField, loopKeys.times.shape) : null;
	const bodyField = fields.get('body');
	const items = bodyField?.items();
	if (items?.length === 0) bodyField?.fail('a loop needs at least one step');
	const body = items && readSteps(items, scope);
	if (times === undefined || body === undefined) return undefined;
	return {op: 'loop', times, body};
}

/** `elsewhere`: the region may also be one another program of the process mmaps (replayed faults). */
function readRegion(field: Field | undefined, scope: Scope, elsewhere = false): string | undefined {
	const name = field?.string();
	if (field === undefined || name === undefined) return undefined;
	if (scope.mappings.has(name) || scope.mmapped.has(name)) return name;
	const known = [...scope.mappings, ...scope.mmapped];
	const allowed = known.length > 0 ? known.join(', ') : 'none yet: add it to mappings or mmap it in an earlier step';
	const message = `unknown region "${name}"${didYouMean(name, known)} (allowed: ${allowed})`;
	if (!elsewhere || !scope.process) return field.fail(message);
	// Decided once the process's other programs are read: one of them may mmap it.
	scope.process.pending.push({name, field, own: scope.mmapped, message});
	return name;
}
