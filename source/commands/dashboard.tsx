/**
 * `spf-top [scenario]` in a terminal: the live dashboard until `q`, Ctrl-C or a signal.
 * Returns the exit code: 0 after a quit, 2 without a terminal, 1 if the run failed; after
 * SIGTERM, SIGHUP or SIGINT it gives the screen back and re-raises the signal, so the
 * process dies by it (a shell loop of runs stops too).
 */
import {render} from 'ink';
import type {Io} from '../run/io.ts';
import type {PreparedRun} from '../run/prepare-run.ts';
import {Dashboard, DashboardSession, installLineCache} from '../ui/index.ts';
import type {DashboardSessionOptions} from '../ui/index.ts';
import {DashboardTerminal, notATerminalMessage} from './dashboard-terminal.ts';
import {reraiseSignal} from './reraise-signal.ts';
import {onStopSignal} from './stop-signals.ts';

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
	const {code, signal} = await runDashboardSession(run, io, options, hooks);
	if (signal !== null) reraiseSignal(signal);
	return code;
}

/** How the dashboard ended: its exit code, and the signal that closed it (for the caller to re-raise once its own cleanup is done). */
export interface DashboardEnd {
	readonly code: number;
	readonly signal: NodeJS.Signals | null;
}

export async function runDashboardSession(run: PreparedRun, io: Io, options: DashboardOptions = {}, hooks: DashboardHooks = {}): Promise<DashboardEnd> {
	const refusal = notATerminalMessage(io.stdin, io.stdout);
	if (refusal !== null) {
		io.stderr.write(refusal + '\n');
		return {code: 2, signal: null};
	}

	installLineCache();
	const session = new DashboardSession({...options, scenario: run.scenario, machine: run.machine});
	let quit = (): void => {};
	hooks.beforeStart?.(session, () => quit());
	const terminal = new DashboardTerminal(io.stdout);
	terminal.enter();
	let stoppedBy: NodeJS.Signals | null = null;
	let failure: unknown;
	const instance = render(<Dashboard session={session} />, {stdout: io.stdout, stdin: io.stdin, stderr: io.stderr, exitOnCtrlC: false, patchConsole: false, maxFps: dashboardMaxFps});
	quit = () => instance.unmount();
	session.onError(error => {
		failure = error;
		instance.unmount();
	});
	const removeHandlers = onStopSignal(signal => {
		stoppedBy ??= signal;
		instance.unmount();
	});
	try {
		session.start();
		await instance.waitUntilExit();
	} catch (error) {
		failure = error;
	} finally {
		session.stop();
		hooks.afterStop?.();
		removeHandlers();
		instance.cleanup();
		terminal.leave();
	}

	if (failure !== undefined) {
		io.stderr.write(`spf-top: the run failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}\n`);
		return {code: 1, signal: null};
	}

	return {code: 0, signal: stoppedBy};
}
