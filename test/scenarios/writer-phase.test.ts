/**
 * Every built-in scenario's header has a `Writers:` paragraph saying whether a run of the
 * scenario's default length (its CPUs, scheme and seed) reaches the steps that change
 * existing mappings (munmap, mprotect, MADV_DONTNEED). Either way the run must agree with it,
 * and a scenario that does not reach them says so in the catalogue too (`spf-top scenarios`
 * and scenarios/README.md), so nobody reads a writer-free run as the whole workload.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {listScenarios} from '../../source/commands/scenarios.ts';
import {builtinScenarioDir, listBuiltinScenarios, loadScenarioFile} from '../../source/scenarios/index.ts';
import {resolveMachine, type Step} from '../../source/sim/config.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import {createSummary, finishSummary, foldSummary} from '../../source/stream/index.ts';

type WriterStep = 'munmap' | 'mprotect' | 'madvise';

function writerSteps(steps: readonly Step[], into = new Set<WriterStep>()): Set<WriterStep> {
	for (const step of steps) {
		if (step.op === 'loop') writerSteps(step.body, into);
		else if (step.op === 'munmap' || step.op === 'mprotect' || step.op === 'madvise') into.add(step.op);
	}
	return into;
}

/** The header's `Writers:` paragraph, its continuation lines joined. */
function writersClaim(file: string): string | undefined {
	const header = readFileSync(file, 'utf8').split('\n').filter(line => line.startsWith('#'));
	const start = header.findIndex(line => /^# Writers:/.test(line));
	if (start < 0) return undefined;
	const paragraph = [header[start]!.replace(/^# Writers:\s*/, '')];
	for (const line of header.slice(start + 1)) {
		if (!/^#\s{2,}\S/.test(line)) break;
		paragraph.push(line.replace(/^#\s+/, ''));
	}
	return paragraph.join(' ');
}

const catalogue = listScenarios().split('\n');
const readme = readFileSync(join(builtinScenarioDir(), 'README.md'), 'utf8').split('\n');

for (const {name, file} of listBuiltinScenarios()) {
	test(`${name}: the header says whether the default run reaches its writers, and the run agrees`, () => {
		const claim = writersClaim(file);
		assert.ok(claim !== undefined, `${name}.yaml has a "# Writers:" paragraph in its header`);
		const reached = /^reached\b/.test(claim);
		assert.ok(reached || /^not reached\b/.test(claim), `the paragraph starts with "reached" or "not reached": ${claim}`);

		const scenario = loadScenarioFile(file);
		const kinds = writerSteps(scenario.processes.flatMap(p => [...p.program, ...p.threadPrograms.flatMap(t => t.program)]));
		assert.ok(kinds.size > 0, 'the scenario has a writer phase');
		const sim = new Simulator(resolveMachine(scenario, {}));
		const state = createSummary(sim.cpus);
		for (let t = 0; t < scenario.durationNs; ) {
			t = Math.min(scenario.durationNs, t + 1_000_000);
			foldSummary(state, sim.advance(t));
		}
		const {writers, violations} = finishSummary(state, sim.now);
		assert.equal(violations.count, 0);
		if (reached) {
			for (const kind of kinds) assert.ok(writers[kind] > 0, `${kind} runs within ${scenario.durationNs / 1e6} ms (${JSON.stringify(writers)})`);
		} else {
			for (const kind of kinds) assert.equal(writers[kind], 0, `the header says ${kind} is not reached, yet it ran: update the header`);
			const listed = catalogue.find(line => line.startsWith(`${name} `));
			assert.match(listed ?? '', /does not reach/, '`spf-top scenarios` says so');
			const row = readme.find(line => line.startsWith(`| [\`${name}\`]`));
			assert.match(row ?? '', /does not reach/, 'the README catalogue says so');
		}
	});
}
