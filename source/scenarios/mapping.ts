/**
 * A mapping as `mmap(2)` is asked for it: used both for a process's `mappings:` (mapped before
 * its threads start) and for an `mmap` step in a program.
 */
import type {MappingSpec} from '../sim/config.ts';
import type {Fields} from './field.ts';
import type {mappingKeys} from './table.ts';

/**
 * Reads `{name, size, kind: anon|file, shared, prot}` from a map read by `mappingKeys` (or a
 * table that extends it, as an mmap step's does); kind anon, private, rw by default.
 * Once the name is readable a mapping is returned even if other keys were wrong (they are
 * reported and defaulted), so later steps naming it do not report it unknown as well.
 */
export function readMapping(fields: Pick<Fields<typeof mappingKeys>, 'read'>): MappingSpec | undefined {
	const name = fields.read('name');
	// A wrong size reads as one page: the scenario is discarded, but its name stays known.
	const size = fields.read('size') ?? 4096;
	const file = fields.read('kind') === 'file';
	const shared = fields.read('shared');
	const prot = fields.read('prot');
	return name === undefined ? undefined : {name, size, file, shared, prot};
}
