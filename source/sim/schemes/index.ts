/** The scheme registry: `--scheme` ids in the order they are compared. */
import {mmapSem} from './mmap-sem.ts';
import type {Scheme} from './scheme.ts';

export const schemes: readonly Scheme[] = [mmapSem];

export const schemeIds: readonly string[] = schemes.map(s => s.id);

/** Every `--break` variant some scheme supports. */
export const breakVariants: readonly string[] = [...new Set(schemes.flatMap(s => s.breaks))];

export function schemeById(id: string): Scheme {
	const scheme = schemes.find(s => s.id === id);
	if (!scheme) throw new Error(`unknown scheme "${id}" (allowed: ${schemeIds.join(', ')})`);
	return scheme;
}
