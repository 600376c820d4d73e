/**
 * The most a scenario may ask for, checked before anything is built, so a mistyped count or
 * a hostile file is an error in milliseconds instead of gigabytes of memory. Each limit is
 * stated in the error that enforces it and in scenarios/README.md.
 */
import {maxCpus} from '../sim/config.ts';

/** Bytes of scenario text read at most; real scenarios are a few KiB. */
export const maxFileBytes = 1024 * 1024;

/**
 * Alias expansions the YAML parser allows (its `maxAliasCount`); past it a file is an alias
 * bomb (billion laughs) and is rejected before it is expanded.
 */
export const maxAliasCount = 1000;

/** Processes in the whole machine, `count` summed over process kinds: one per CPU at most. */
export const maxProcesses = maxCpus;

/** Mappings in all processes together: the kernel's default vm.max_map_count. */
export const maxMappings = 65_530;

/** One mapping's length at most: 1 TiB, 2^28 pages, which also bounds the pages one touch visits. */
export const maxMappingBytes = 2 ** 40;

/** Steps in all programs of a file, loops counted once (their bodies too). */
export const maxSteps = 10_000;
