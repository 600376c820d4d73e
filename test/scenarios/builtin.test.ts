import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {resolveMachine} from '../../source/sim/config.ts';
import {builtinScenarioDir, listBuiltinScenarios, loadScenarioFile, parseScenario, resolveScenarioArg, ScenarioError} from '../../source/scenarios/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const builtins = ['app-launch', 'default', 'ebizzy', 'kernbench', 'mprotect-race', 'multi-fault', 'page-fault1', 'page-fault1-process', 'page-fault2', 'page-fault3', 'pft', 'zap-race'];

test('the built-in scenarios are the documented ones', () => {
	assert.equal(builtinScenarioDir(), join(root, 'scenarios'));
	assert.deepEqual(listBuiltinScenarios().map(s => s.name), builtins);
});

for (const {name, file, description} of listBuiltinScenarios()) {
	test(`built-in ${name} loads and resolves at 1, 8 and 64 CPUs`, () => {
		const scenario = loadScenarioFile(file);
		assert.equal(scenario.name, name, 'name: matches the file name');
		assert.ok(description.length > 40, 'has a real description');
		assert.equal(scenario.cpus, 8);
		// 20 ms, but page-fault1-process: one process needs about 26 ms to reach its munmap.
		assert.equal(scenario.durationNs, name === 'page-fault1-process' ? 60_000_000 : 20_000_000);
		assert.equal(scenario.expect?.violations, 0);
		for (const cpus of [1, 8, 64]) {
			const machine = resolveMachine(scenario, {cpus, sockets: Math.min(2, cpus)});
			const threads = machine.processes.flatMap(p => p.threads);
			assert.equal(threads.length, cpus, `one thread per CPU at ${cpus} CPUs`);
			assert.ok(threads.every(t => t.program.length > 0), 'every thread has something to run');
		}
	});
}

test('a scenario that needs more CPUs than it is given fails readably', () => {
	const scenario = parseScenario('description: four threads\nprocesses:\n  - {name: p, threads: 4, program: [think: 1us]}\n', 'four.yaml');
	assert.throws(() => resolveMachine(scenario, {cpus: 1, sockets: 1}), {
		message: 'scenario "four" needs 4 threads, more than the 1 CPUs available (one thread per CPU); use --cpus or a count like cpus-1',
	});
});

test('resolveScenarioArg: nothing is default, a name is a built-in, anything else a path', () => {
	assert.equal(resolveScenarioArg(), join(root, 'scenarios', 'default.yaml'));
	assert.equal(resolveScenarioArg('pft'), join(root, 'scenarios', 'pft.yaml'));
	const path = join(root, 'scenarios', 'ebizzy.yaml');
	assert.equal(resolveScenarioArg(path), path);
	assert.throws(() => resolveScenarioArg('page-fault9'), (error: unknown) => {
		assert.ok(error instanceof ScenarioError);
		assert.equal(error.message, `page-fault9: no such file, and not a built-in scenario, did you mean "page-fault1"? (built-in: ${builtins.join(', ')})`);
		return true;
	});
});

test('builtinScenarioDir works from a single-file bundle too', async () => {
	// A directory of this checkout's own (node_modules may be a link to another checkout's, and
	// then the bundle would find that one's scenarios; and tests in two checkouts would share it).
	const outdir = mkdtempSync(join(root, '.scenarios-bundle-test-'));
	const outfile = join(outdir, 'bundle.mjs');
	try {
		await build({
			stdin: {contents: "export {builtinScenarioDir} from './source/scenarios/index.ts';", resolveDir: root, loader: 'ts'},
			bundle: true,
			platform: 'node',
			format: 'esm',
			outfile,
			// As in source/build.mjs: bundled CommonJS (yaml) still require()s Node built-ins.
			banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"},
			logLevel: 'silent',
		});
		const bundled = await import(pathToFileURL(outfile).href) as {builtinScenarioDir: () => string};
		assert.equal(bundled.builtinScenarioDir(), join(root, 'scenarios'));
	} finally {
		if (existsSync(outdir)) rmSync(outdir, {recursive: true});
	}
});
