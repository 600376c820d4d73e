/**
 * The scenarios shipped in the package's `scenarios/` directory, found relative to this
 * module so it works from the TypeScript sources and from the single-file bundle alike.
 */
import {existsSync, lstatSync, readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {didYouMean} from './did-you-mean.ts';
import {ScenarioError} from './error.ts';
import {loadScenarioFile} from './load.ts';

const extension = '.yaml';

/**
 * The directory holding the built-in scenarios: the first `scenarios/` with a `default.yaml`
 * at or above this module's directory (`source/scenarios/` under tsx, `dist/` when bundled). Requiring
 * `default.yaml` keeps `source/scenarios/` itself, which holds this code, from matching.
 */
export function builtinScenarioDir(): string {
	const start = dirname(fileURLToPath(import.meta.url));
	for (let dir = start; ; dir = dirname(dir)) {
		const candidate = join(dir, 'scenarios');
		if (existsSync(join(candidate, `default${extension}`))) return candidate;
		if (dirname(dir) === dir) break;
	}
	throw new ScenarioError([{file: start, what: `no scenarios/default${extension} found in this directory or above it; the package is incomplete`}]);
}

/** Names of the scenarios in `dir`, sorted. */
function scenarioNames(dir: string): string[] {
	return readdirSync(dir)
		.filter(name => name.endsWith(extension))
		.map(name => name.slice(0, -extension.length))
		.sort();
}

/**
 * Names of the scenarios imported from real traces, in `dir/real/`, as `real/xz`: kept apart
 * from the synthetic ones because they are fixed to their trace's CPU count.
 */
function realScenarioNames(dir: string): string[] {
	const real = join(dir, 'real');
	return existsSync(real) ? scenarioNames(real).map(name => `real/${name}`) : [];
}

/** The scenarios imported from real traces (`scenarios/real/`), with their descriptions. */
export function listRealScenarios(): {name: string; description: string; file: string}[] {
	const dir = builtinScenarioDir();
	return realScenarioNames(dir).map(name => {
		const file = join(dir, name + extension);
		return {name, description: loadScenarioFile(file).description, file};
	});
}

/** Every built-in scenario with its description, loaded and validated. */
export function listBuiltinScenarios(): {name: string; description: string; file: string}[] {
	const dir = builtinScenarioDir();
	return scenarioNames(dir).map(name => {
		const file = join(dir, name + extension);
		return {name, description: loadScenarioFile(file).description, file};
	});
}

/**
 * The file a scenario argument means: none is the built-in `default`, a built-in's name is
 * its file, anything else is a path. A name that is neither is a ScenarioError listing the
 * built-ins; a path's own problems (a directory, unreadable) are left to `loadScenarioFile`.
 */
export function resolveScenarioArg(arg?: string): string {
	const name = arg ?? 'default';
	const dir = builtinScenarioDir();
	const builtins = scenarioNames(dir);
	if (builtins.includes(name) || realScenarioNames(dir).includes(name)) return join(dir, name + extension);
	if (pathExists(name)) return name;
	throw new ScenarioError([{file: name, what: `no such file, and not a built-in scenario${didYouMean(name, builtins)} (built-in: ${builtins.join(', ')})`}]);
}

/** Whether `arg` is a built-in scenario's name or an existing path: what a scenario argument may be. */
export function isScenarioArg(arg: string): boolean {
	return scenarioNames(builtinScenarioDir()).includes(arg) || pathExists(arg);
}

// lstat, not exists: a dangling symlink or a symlink loop is a path, and the loader says which.
function pathExists(path: string): boolean {
	try {
		lstatSync(path);
		return true;
	} catch {
		return false;
	}
}
