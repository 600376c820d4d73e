/**
 * Where a process's counts are written, kept beside the plain `ProcessSpec` (which goes
 * into recordings as it is) so that a problem found only once the CPU count is known
 * (`--cpus`) can still be reported at FILE:LINE:COL.
 */
import type {ProcessSpec} from '../sim/config.ts';
import type {Location} from './field.ts';

export interface ProcessLocations {
	/** The process's entry in `processes:`. */
	readonly process: Location;
	readonly count?: Location;
	readonly threads?: Location;
	/** The `thread:` key of each `thread_programs` entry, in order. */
	readonly threadPrograms: readonly Location[];
}

const locations = new WeakMap<ProcessSpec, ProcessLocations>();

export function setProcessLocations(spec: ProcessSpec, where: ProcessLocations): void {
	locations.set(spec, where);
}

/** Where `spec` was read from; undefined for a scenario not loaded from a file (a recording's header). */
export function processLocations(spec: ProcessSpec): ProcessLocations | undefined {
	return locations.get(spec);
}
