import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {loadScenarioFile, parseScenario, ScenarioError} from '../../source/scenarios/index.ts';

/** The formatted problems `parseScenario` reports for `text`, one per line. */
function problems(text: string, file = 'scenarios/x.yaml'): string[] {
	try {
		parseScenario(text, file);
	} catch (error) {
		assert.ok(error instanceof ScenarioError, `expected a ScenarioError, got ${String(error)}`);
		assert.equal(error.message.split('\n').length, error.problems.length);
		return error.message.split('\n');
	}
	return assert.fail('expected the scenario to be rejected');
}

const head = 'name: x\ndescription: a test scenario\n';

test('an unknown key names the key and the allowed keys', () => {
	assert.deepEqual(problems(`${head}colour: red\nprocesses:\n  - {name: p, program: [think: 1us]}\n`), [
		'scenarios/x.yaml:3:1: at colour: unknown key "colour" (allowed: name, description, cpus, machine, sockets, smt, duration, scheme, seed, memcg, costs, inject, processes, expect)',
	]);
	assert.deepEqual(problems(`${head}processes:\n  - name: p\n    program:\n      - touch: {region: r, strde: 8KiB}\n    mappings: [{name: r, size: 1MiB}]\n`), [
		'scenarios/x.yaml:6:28: at processes[0].program[0].touch.strde: unknown key "strde", did you mean "stride"? (allowed: region, access, stride, slice, order)',
	]);
});

test('a bad size points at the value', () => {
	const text = [
		head.trimEnd(),
		'processes:',
		'  - name: p',
		'    mappings:',
		'      - {name: heap, size: 1MiB}',
		'    program:',
		'      - think: 1us',
		'      - mmap: {name: buf, size: 64KiB}',
		'      - touch:',
		'          region: heap',
		'          stride: fast',
		'',
	].join('\n');
	assert.deepEqual(problems(text), [
		'scenarios/x.yaml:12:19: at processes[0].program[2].touch.stride: expected a size like 4KiB, got "fast" (allowed units: B, KiB, MiB, GiB, TiB; a plain number is bytes)',
	]);
});

test('an unknown cost name lists the valid names', () => {
	const [problem] = problems(`${head}costs:\n  pageZeroNS: 300\nprocesses:\n  - {name: p, program: [think: 1us]}\n`);
	assert.match(problem ?? '', /^scenarios\/x\.yaml:4:3: at costs\.pageZeroNS: unknown cost "pageZeroNS", did you mean "pageZeroNs"\? \(allowed: atomicOwnNs, .*pageZeroNs, .*jitterPermille.*\)$/);
});

test('costs take durations where the name ends in Ns, and check permille', () => {
	const scenario = parseScenario(`${head}costs: {rcuGpNs: 20us, pageZeroNs: 250ns, jitterPermille: 0}\nprocesses:\n  - {name: p, program: [think: 1us]}\n`, 'x.yaml');
	assert.deepEqual(scenario.costs, {rcuGpNs: 20_000, pageZeroNs: 250, jitterPermille: 0});
	assert.deepEqual(problems(`${head}costs: {jitterPermille: 1001}\nprocesses:\n  - {name: p, program: [think: 1us]}\n`), [
		'scenarios/x.yaml:3:25: at costs.jitterPermille: expected a whole number from 0 to 1000, got 1001',
	]);
});

test('an unknown step lists the allowed operations', () => {
	assert.deepEqual(problems(`${head}processes:\n  - name: p\n    program:\n      - think: 1us\n      - tuch: {region: heap}\n`), [
		'scenarios/x.yaml:7:9: at processes[0].program[1].tuch: unknown step "tuch", did you mean "touch"? (allowed: mmap, touch, faults, munmap, mprotect, madvise, think, barrier, loop)',
	]);
});

test('an unknown region is reported with the regions in scope', () => {
	const text = [
		head.trimEnd(),
		'processes:',
		'  - name: p',
		'    mappings: [{name: heap, size: 1MiB}]',
		'    program:',
		'      - loop:',
		'          body:',
		'            - mmap: {name: buf, size: 64KiB}',
		'            - touch: {region: buf}',
		'            - munmap: bfu',
		'',
	].join('\n');
	assert.deepEqual(problems(text), [
		'scenarios/x.yaml:11:23: at processes[0].program[0].loop.body[2].munmap: unknown region "bfu", did you mean "buf"? (allowed: heap, buf)',
	]);
});

test('a region mmapped by one thread program is not in scope in another', () => {
	const text = `${head}processes:\n  - name: p\n    threads: 2\n    program: [mmap: {name: a, size: 4KiB}]\n    thread_programs:\n      - {thread: 1, program: [touch: {region: a}]}\n`;
	assert.deepEqual(problems(text), [
		'scenarios/x.yaml:8:47: at processes[0].thread_programs[0].program[0].touch.region: unknown region "a" (allowed: none yet: add it to mappings or mmap it in an earlier step)',
	]);
});

test('a YAML syntax error gives its line and column', () => {
	assert.deepEqual(problems(`${head}processes:\n  - name: p\n    program: [think: 1us\n`), [
		'scenarios/x.yaml:6:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
	]);
	assert.deepEqual(problems(`${head}cpus: 4\ncpus: 8\n`), ['scenarios/x.yaml:4:1: YAML syntax error: Map keys must be unique']);
});

test('every problem in a file is reported, in file order', () => {
	const text = `${head}cpus: 0\nduration: soon\nprocesses:\n  - name: p\n    threads: all\n    program: [think: 0ns]\n`;
	assert.deepEqual(problems(text), [
		'scenarios/x.yaml:3:7: at cpus: expected a whole number from 1 to 1024, got 0',
		'scenarios/x.yaml:4:11: at duration: expected a duration like 20ms, got "soon" (allowed units: ns, us, µs, ms, s; a plain number is nanoseconds)',
		'scenarios/x.yaml:7:14: at processes[0].threads: expected a count, got "all" (allowed: a whole number, cpus, cpus-1, cpus+1, cpus*2, cpus/2)',
		'scenarios/x.yaml:8:22: at processes[0].program[0].think: expected a duration above zero',
	]);
});

test('missing required keys and an empty file', () => {
	assert.deepEqual(problems('name: x\nprocesses:\n  - {name: p}\n'), [
		'scenarios/x.yaml:1:1: at description: required key "description" is missing',
		'scenarios/x.yaml:3:5: at processes[0].program: required key "program" is missing',
	]);
	assert.deepEqual(problems(''), [
		'scenarios/x.yaml:1:1: expected a map (allowed keys: name, description, cpus, machine, sockets, smt, duration, scheme, seed, memcg, costs, inject, processes, expect), got nothing',
	]);
});

test('a missing file and a directory are ScenarioErrors naming the path', () => {
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-scenarios-'));
	try {
		assert.throws(() => loadScenarioFile(join(dir, 'none.yaml')), {name: 'ScenarioError', message: `${join(dir, 'none.yaml')}: no such file`});
		assert.throws(() => loadScenarioFile(dir), {name: 'ScenarioError', message: `${dir}: is a directory, not a scenario file`});
		writeFileSync(join(dir, 'bad.yaml'), `${head}processes:\n  - {name: p, program: [think: 1us], color: red}\n`);
		assert.throws(() => loadScenarioFile(join(dir, 'bad.yaml')), {
			message: `${join(dir, 'bad.yaml')}:4:38: at processes[0].color: unknown key "color" (allowed: name, count, threads, mappings, program, thread_programs)`,
		});
	} finally {
		rmSync(dir, {recursive: true});
	}
});
