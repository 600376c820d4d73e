/**
 * The event streams of built-in scenarios, pinned by hash. The engine, the locks and the
 * folds are optimised without changing what a run does (issue 13: same seed, same stream);
 * a speed-up that reorders or drops one event fails here. A change that means to alter
 * the model (a cost, a step) re-pins these, and says so in its commit.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {loadScenarioFile, resolveScenarioArg} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import {sha256} from './helpers.ts';

function stream(scenario: string, scheme: string, cpus: number, ns: number): SimEvent[] {
	const sim = new Simulator(resolveMachine(loadScenarioFile(resolveScenarioArg(scenario)), {cpus, scheme}));
	const events: SimEvent[] = [];
	while (sim.now < ns) {
		const batch = sim.advance(ns, 1000);
		if (batch.length === 0) break;
		events.push(...batch);
	}
	return events;
}

// [scenario, scheme, CPUs, simulated ns, events, sha256 of the events as JSON], taken at 5fac32b
const pinned: [string, string, number, number, number, string][] = [
	['default', 'mmap-sem', 8, 500_000, 18675, 'f132c0d40bd800532ca2c22f846e8686b32a3d97debbfd8fd7bd4a5f6799172b'],
	['default', 'per-vma', 8, 500_000, 23110, '43a665cfd2a54e772a0ad8f9403d679efe27b855a75a57087acb80fbe5ea98e5'],
	['pft', 'srcu-2010', 16, 300_000, 29000, '6d28b533e400e207a9d7df993aef2bbcee7ca38f135d29ac7044077e4600d8a1'],
	['pft', 'spf-v12', 16, 300_000, 18348, '49099223e2e9838ba7e25544b5bddc5a3bc1a5043c1d2bb0dfb2724b9d1322ea'],
	['ebizzy', 'refcount-2010', 8, 500_000, 13586, '1fca6572de1197462915902b37708c7b299c513f2d511fd86e54a3c83d9bb43d'],
	['ebizzy', 'spf-v11', 8, 500_000, 15063, '0f88afdc67bb204f7b0736161c9c461af7ca446e30307274c82a027829046d15'],
	['zap-race', 'rcu-2021', 8, 500_000, 10866, '387456cc9e7f2f280f9366ae67269cd9e5dc189a478aac6e9679d8f1518ef226'],
	['app-launch', 'mmap-sem', 8, 500_000, 7554, 'c088759f2df64d373547c0eee867dd8b8c0f197181e93f222ccfbb608f17026b'],
];

for (const [scenario, scheme, cpus, ns, count, hash] of pinned) {
	test(`${scenario} under ${scheme}, ${cpus} CPUs, ${ns / 1000} µs: the pinned stream`, () => {
		const events = stream(scenario, scheme, cpus, ns);
		assert.deepEqual([events.length, sha256(events)], [count, hash]);
	});
}
