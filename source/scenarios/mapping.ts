/**
 * A mapping as `mmap(2)` is asked for it: used both for a process's `mappings:` (mapped before
 * its threads start) and for an `mmap` step in a program.
 */
import type {MappingSpec, Prot} from '../sim/config.ts';
import type {Field} from './field.ts';
import {maxMappingBytes} from './limits.ts';

const pageSize = 4096;
/** Whether a mapping is anonymous memory or backed by a file. */
export const kinds = ['anon', 'file'] as const;
/** Protections as `mmap(2)` spells them. */
export const prots: readonly Prot[] = ['none', 'r', 'rw', 'rx', 'rwx'];

/**
 * Reads `{name, size, kind: anon|file, shared, prot}`; kind anon, private, rw by default.
 * Once the name is readable a mapping is returned even if other keys were wrong (they are
 * reported and defaulted), so later steps naming it do not report it unknown as well.
 */
export function readMapping(field: Field): MappingSpec | undefined {
	const fields = field.map(['name', 'size', 'kind', 'shared', 'prot']);
	const name = fields?.require('name')?.string();
	const sizeField = fields?.require('size');
	const size = (sizeField && readMappingSize(sizeField)) ?? pageSize;
	const kind = fields?.get('kind')?.choice(kinds) ?? 'anon';
	const shared = fields?.get('shared')?.boolean() ?? false;
	const prot = fields?.get('prot')?.choice(prots) ?? 'rw';
	return name === undefined ? undefined : {name, size, file: kind === 'file', shared, prot};
}

/** A size that is a positive whole number of 4 KiB pages (mapping lengths, strides). */
export function readPages(field: Field): number | undefined {
	const size = field.size();
	if (size === undefined) return undefined;
	if (size > 0 && size % pageSize === 0) return size;
	return field.fail(`expected a positive multiple of the 4KiB page size, got ${field.shown}`);
}

/** A mapping's length: whole pages, at most `maxMappingBytes` (so a touch visits at most 2^28 pages). */
export function readMappingSize(field: Field): number | undefined {
	const size = readPages(field);
	if (size === undefined || size <= maxMappingBytes) return size;
	return field.fail(`${field.shown} is larger than 1TiB, the most one mapping may be`);
}
