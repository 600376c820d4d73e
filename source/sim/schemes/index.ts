/** The scheme registry: `--scheme` ids in the order they are compared. */
import {mmapSem} from './mmap-sem.ts';
import {perVma} from './per-vma.ts';
import {rcu2021} from './rcu-2021.ts';
import {refcount2010} from './refcount-2010.ts';
import type {Scheme} from './scheme.ts';
import {spfV11} from './spf-v11.ts';
import {spfV12} from './spf-v12.ts';
import {srcu2010} from './srcu-2010.ts';

/** In history order, the classic baseline first. */
export const schemes: readonly Scheme[] = [mmapSem, srcu2010, refcount2010, spfV11, spfV12, rcu2021, perVma];

export const schemeIds: readonly string[] = schemes.map(s => s.id);

/** Schemes the checker must never catch (`Scheme.raceFree`): the property tests hold them to it. */
export const raceFreeSchemeIds: readonly string[] = schemes.filter(s => s.raceFree).map(s => s.id);

/** Every `--break` variant some scheme supports. */
export const breakVariants: readonly string[] = [...new Set(schemes.flatMap(s => s.breaks))];

export function schemeById(id: string): Scheme {
	const scheme = schemes.find(s => s.id === id);
	if (!scheme) throw new Error(`unknown scheme "${id}" (allowed: ${schemeIds.join(', ')})`);
	return scheme;
}
