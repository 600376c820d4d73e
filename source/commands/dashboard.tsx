/**
 * `spf-top [scenario]` in a terminal: the live dashboard until `q`, Ctrl-C or a signal.
 * Returns the exit code: 0 after a quit, 2 without a terminal, 1 if the run failed,
 * 128 + the signal number after SIGTERM, SIGHUP or SIGINT.
 */
import {render} from 'ink';
import React from 'react';
import {constants} from 'node:os';
import type {Io} from '../cli/run.ts';
import {Dashboard, DashboardSession, installLineCache} from '../ui/index.ts';
import type {DashboardSessionOptions} from '../ui/index.ts';
import {DashboardTerminal, notATerminalMessage} from './dashboard-terminal.ts';
import type {PreparedRun} from './prepare-run.ts';

const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

/**
 * Ink's render cap. Frames are already paced upstream (a snapshot every 33 ms, the spinner
 * every 200 ms: at most 35 renders a second); at Ink's default of 30 a key pressed just
 * after a frame would wait up to 33 ms for the next one, so the cap only guards bursts.
 */
export const dashboardMaxFps = 60;

export interface DashboardOptions extends Partial<Omit<DashboardSessionOptions, 'scenario' | 'machine'>> {}

/** What a command around the dashboard (a recorder) does as it starts and ends. */
export interface DashboardHooks {
	/**
	 * Runs before the terminal is taken and in the same tick as `session.start()`, so a
	 * subscriber of `session.run.batches$` misses no batch; `quit` closes the dashboard. A
	 * throw ends the command before anything is shown.
	 */
	beforeStart?(session: DashboardSession, quit: () => void): void;
	/** Runs once the dashboard has closed and the session stopped, before the screen is given back. */
	afterStop?(): void;
}

export async function runDashboard(run: PreparedRun, io: Io, options: DashboardOptions = {}, hooks: DashboardHooks = {}): Promise<number> {
	const refusal = notATerminalMessage(io.stdin, io.stdout);
	if (refusal !== null) {
		io.stderr.write(refusal + '\n');
		return 2;
	}

	installLineCache();
	const session = new DashboardSession({...options, scenario: run.scenario, machine: run.machine});
	let quit = (): void => {};
	hooks.beforeStart?.(session, () => quit());
	const terminal = new DashboardTerminal(io.stdout);
	terminal.enter();
	let code = 0;
	let failure: unknown;
	const instance = render(<Dashboard session={session} />, {stdout: io.stdout, stdin: io.stdin, stderr: io.stderr, exitOnCtrlC: false, patchConsole: false, maxFps: dashboardMaxFps});
	quit = () => instance.unmount();
	session.onError(error => {
		failure = error;
		instance.unmount();
	});
	const onSignal = (signal: NodeJS.Signals) => {
		code = 128 + constants.signals[signal];
		instance.unmount();
	};

	for (const signal of signals) process.on(signal, onSignal);
	try {
		session.start();
		await instance.waitUntilExit();
	} catch (error) {
		failure = error;
	} finally {
		session.stop();
		hooks.afterStop?.();
		for (const signal of signals) process.off(signal, onSignal);
		instance.cleanup();
		terminal.leave();
	}

	if (failure !== undefined) {
		io.stderr.write(`spf-top: the run failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}\n`);
		return 1;
	}

	return code;
}
